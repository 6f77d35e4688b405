/**
 * "Did you mean …?" for mistyped commands.
 *
 * Damerau-Levenshtein in its optimal-string-alignment form: insertions, deletions,
 * substitutions and swaps of two adjacent characters each cost 1. The swap matters here:
 * `#uitkomts` for `#uitkomst` is the typo people actually make, and plain Levenshtein would
 * count it as 2.
 */
export function damerauLevenshtein(a: string, b: string): number {
  // Code points, so an accented letter is one character.
  const s = Array.from(a);
  const t = Array.from(b);
  const cols = t.length + 1;
  const d = new Array<number>((s.length + 1) * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;

  for (let i = 0; i <= s.length; i++) d[i * cols] = i;
  for (let j = 0; j <= t.length; j++) d[j] = j;

  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return at(s.length, t.length);
}

/** Largest distance still offered as a suggestion. */
export const MAX_SUGGESTION_DISTANCE = 3;

/**
 * The candidate nearest to `word` (case-insensitive), or null when none is within
 * `maxDistance`. On a tie the earlier candidate wins, so callers control preference by order.
 */
export function closest<T extends string>(word: string, candidates: readonly T[], maxDistance: number = MAX_SUGGESTION_DISTANCE): T | null {
  const needle = word.toLowerCase();
  let best: T | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = damerauLevenshtein(needle, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= maxDistance ? best : null;
}
