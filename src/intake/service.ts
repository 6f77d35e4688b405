import { ANALYSIS_MAX_CHARS } from '../text/limits.js';
import { normaliseForMatch } from './classify.js';

export interface ServiceEntry {
  name: string;
  synonyms: string[];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Which catalogue service a text names (PuraSec requirement b), by name or synonym, case- and
 * accent-insensitive, on word boundaries, with any run of spaces/hyphens between words
 * ("pen test", "pen-test"). The earliest mention wins; null when none or ambiguous at the same spot.
 * Reads the first ANALYSIS_MAX_CHARS only: a service named further down is not what the mail is about.
 */
export function matchService(text: string, services: readonly ServiceEntry[]): string | null {
  const hay = normaliseForMatch(text.slice(0, ANALYSIS_MAX_CHARS));
  let best: { at: number; len: number; name: string } | null = null;
  for (const s of services) {
    for (const term of [s.name, ...s.synonyms]) {
      const words = normaliseForMatch(term)
        .trim()
        .split(/[\s-]+/)
        .filter(Boolean)
        .map(escapeRegExp);
      if (words.length === 0) continue;
      const m = new RegExp(`(?<![\\p{L}\\p{N}])${words.join('[\\s-]*')}(?![\\p{L}\\p{N}])`, 'u').exec(hay);
      // Earliest mention; at the same spot the longer term is the more specific one.
      if (m && (!best || m.index < best.at || (m.index === best.at && m[0].length > best.len))) best = { at: m.index, len: m[0].length, name: s.name };
    }
  }
  return best?.name ?? null;
}
