import type { Person } from '../config/schema.js';

/**
 * Least open complaints among the tenant's present handlers; ties go to the handler listed first
 * in config, so assignment is deterministic and explainable. Null when nobody is available
 * (then a manager must assign by hand).
 */
export function chooseHandler(people: readonly Person[], openCounts: ReadonlyMap<string, number>): Person | null {
  let best: Person | null = null;
  let bestOpen = Infinity;
  for (const p of people) {
    if (p.role !== 'handler' || p.absent) continue;
    const open = openCounts.get(p.id) ?? 0;
    if (open < bestOpen) {
      best = p;
      bestOpen = open;
    }
  }
  return best;
}
