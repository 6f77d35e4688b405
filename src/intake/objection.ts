import { ANALYSIS_MAX_CHARS } from '../text/limits.js';
import { normaliseForMatch } from './classify.js';

/**
 * Does a customer's reply after the outcome letter read like an objection (SPEC §5)? Only a
 * hint: management is asked to confirm with #objection, nothing changes by itself.
 */
const PHRASES = [
  'bezwaar',
  'niet eens',
  'oneens',
  'niet akkoord',
  'ga niet akkoord',
  'niet tevreden met de uitkomst',
  'niet tevreden met de afhandeling',
  'niet acceptabel',
  'onacceptabel',
  'in beroep',
  'object',
  'objection',
  'disagree',
  'do not agree',
  "don't agree",
  'not acceptable',
  'unacceptable',
  'appeal',
  'not satisfied with the outcome',
];

const PATTERN = new RegExp(`(?<![\\p{L}])(?:${PHRASES.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')).join('|')})(?![\\p{L}])`, 'u');

/** Reads the first ANALYSIS_MAX_CHARS: an objection is said up front, not after pages of text. */
export function looksLikeObjection(text: string): boolean {
  return PATTERN.test(normaliseForMatch(text.slice(0, ANALYSIS_MAX_CHARS)));
}

/** The first lines of the new text, for the managers' notice. */
export function excerpt(text: string, max = 600): string {
  const t = text.trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
