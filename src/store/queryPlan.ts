import type { Db } from './db.js';

/**
 * What SQLite's planner does with a statement, for tests that hold the scheduled jobs to their
 * indexes (issue 14.3). Parameters are bound to NULL: without ANALYZE statistics (the store has
 * none) the plan does not depend on their values.
 */
export function queryPlan(db: Db, sql: string): string[] {
  const text = withoutLiterals(sql);
  const named = [...new Set([...text.matchAll(/[@:$]([A-Za-z_]\w*)/gu)].map((m) => m[1]!))];
  const positional = [...text.matchAll(/\?/gu)].map(() => null);
  const args: unknown[] = named.length > 0 ? [...positional, Object.fromEntries(named.map((n) => [n, null]))] : positional;
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((r) => r.detail);
}

/**
 * The lines of a statement's plan that read a whole table (`SCAN t`, also through an index:
 * `SCAN t USING COVERING INDEX i` still reads every entry), with aliases resolved to table
 * names. Scans of table-valued functions (json_each), subqueries and CTE results are not tables.
 */
export function fullTableScans(db: Db, sql: string): Array<{ table: string; detail: string }> {
  const tables = new Set(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]);
  const names = new Map<string, string>();
  for (const m of withoutLiterals(sql).matchAll(/\b(?:FROM|JOIN)\s+([A-Za-z_]\w*)(?:\s+(?:AS\s+)?([A-Za-z_]\w*))?/giu)) {
    const table = m[1]!;
    names.set(table, table);
    const alias = m[2];
    if (alias && !/^(?:WHERE|JOIN|ON|USING|INNER|LEFT|CROSS|NATURAL|GROUP|ORDER|LIMIT|UNION|SET|VALUES)$/iu.test(alias)) names.set(alias, table);
  }
  return queryPlan(db, sql).flatMap((detail) => {
    const m = /^SCAN (?:TABLE )?([A-Za-z_]\w*)/u.exec(detail);
    if (!m) return [];
    const table = names.get(m[1]!) ?? m[1]!;
    return tables.has(table) ? [{ table, detail }] : [];
  });
}

/** The statement with its string literals and comments blanked, so their text is not read as names or parameters. */
function withoutLiterals(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'|--[^\n]*|\/\*[\s\S]*?\*\//gu, "''");
}
