/**
 * RFC 8601 Authentication-Results, read only as far as command authentication needs:
 * the authserv-id and each method's result with its properties.
 *   Authentication-Results: mx.example.nl; dkim=pass header.d=example.nl; dmarc=pass header.from=example.nl
 */
export interface AuthResult {
  method: string;
  result: string;
  props: Record<string, string>;
}

export interface AuthResultsHeader {
  authservId: string;
  results: AuthResult[];
}

/** Drop RFC 5322 comments `(…)`, nested ones included, and quoted-string quotes. */
function stripComments(v: string): string {
  let out = '';
  let depth = 0;
  for (const ch of v) {
    if (ch === '(') depth++;
    else if (ch === ')' && depth > 0) depth--;
    else if (depth === 0) out += ch;
  }
  return out.replace(/"/g, '');
}

export function parseAuthResults(value: string): AuthResultsHeader | null {
  const parts = stripComments(value)
    .split(';')
    .map((p) => p.trim());
  const head = parts.shift();
  // The authserv-id may be followed by a version number: "mx.example.nl 1".
  const authservId = head?.split(/\s+/)[0]?.toLowerCase();
  if (!authservId) return null;
  const results: AuthResult[] = [];
  for (const part of parts) {
    if (!part || part.toLowerCase() === 'none') continue;
    const tokens = part.split(/\s+/);
    const first = /^([a-z0-9_.-]+)\s*=\s*([a-z0-9_-]+)$/i.exec(tokens[0] ?? '');
    if (!first) continue;
    const props: Record<string, string> = {};
    for (const t of tokens.slice(1)) {
      const m = /^([a-z0-9_.-]+)=(.+)$/i.exec(t);
      if (m) props[m[1]!.toLowerCase()] = m[2]!.toLowerCase();
    }
    results.push({ method: first[1]!.toLowerCase(), result: first[2]!.toLowerCase(), props });
  }
  return { authservId, results };
}
