/**
 * A part of a mail's text (its new text, quote or signature: splitReply's lines, trimmed at the
 * end, blank runs shortened, the whole trimmed) written as the stretches of the text it consists
 * of, so the parse worker's reply carries the text once. A stretch is [start, end) of the text;
 * what is not a stretch (the line breaks between trimmed lines, a line that cannot be found) is
 * written out. Reading it back gives exactly the part: the worker checks that before sending.
 */
export type TextPart = Array<[start: number, end: number] | string>;

/** `part` as stretches of `text`; linear in both, whatever they hold. */
export function toTextPart(text: string, part: string): TextPart {
  if (part === '') return [];
  // Most often the part is one stretch from the text's start or to its end (the whole mail is new
  // text; new text, then a quote or a signature): two comparisons instead of the walk below.
  const first = text.length - text.trimStart().length;
  if (text.startsWith(part, first)) return [[first, first + part.length]];
  const last = text.trimEnd().length - part.length;
  if (last >= 0 && text.startsWith(part, last)) return [[last, last + part.length]];
  const pieces: TextPart = [];
  const lines = part.split('\n');
  // The part's lines come from the text's lines in order, so each is looked for only after the
  // line the one before it was found on: every line of the text is looked at once.
  let from = 0;
  for (let k = 0; k < lines.length; k++) {
    if (k > 0) append(text, pieces, '\n');
    const line = lines[k]!;
    if (line === '') continue;
    const found = findLine(text, line, from);
    if (found === null) {
      // Not a line of the text (one broken by a lone CR): the rest is written out.
      append(text, pieces, lines.slice(k).join('\n'));
      break;
    }
    append(text, pieces, [found.start, found.start + line.length]);
    from = found.next;
  }
  return fromTextPart(text, pieces) === part ? pieces : [part];
}

/** The part that toTextPart(text, part) wrote. */
export function fromTextPart(text: string, part: TextPart): string {
  if (part.length === 1) return textOf(text, part[0]!);
  return part.map((p) => textOf(text, p)).join('');
}

function textOf(text: string, p: [number, number] | string): string {
  return typeof p === 'string' ? p : text.slice(p[0], p[1]);
}

/** Adds a piece, joining it to the stretch before when the text between them is what was written out. */
function append(text: string, pieces: TextPart, piece: [number, number] | string): void {
  const last = pieces[pieces.length - 1];
  if (typeof piece === 'string') {
    if (typeof last === 'string') pieces[pieces.length - 1] = last + piece;
    else pieces.push(piece);
    return;
  }
  const before = pieces[pieces.length - 2];
  if (typeof last === 'string' && Array.isArray(before) && piece[0] - before[1] === last.length && text.startsWith(last, before[1])) {
    pieces.splice(-2, 2, [before[0], piece[1]]);
    return;
  }
  pieces.push(piece);
}

const BLANK = /^\s*$/;

/**
 * The first line of `text` at or after `from` that is `line` with only white space around it
 * (splitReply trims lines at the end, and the part's first line at the start too): where `line`
 * starts in it, and where the next line starts.
 */
function findLine(text: string, line: string, from: number): { start: number; next: number } | null {
  while (from <= text.length) {
    const nl = text.indexOf('\n', from);
    const end = nl === -1 ? text.length : nl;
    let start = from;
    if (!text.startsWith(line, start)) {
      while (start < end && BLANK.test(text[start]!)) start++;
    }
    if (start + line.length <= end && text.startsWith(line, start) && BLANK.test(text.slice(start + line.length, end))) {
      return { start, next: end + 1 };
    }
    if (nl === -1) break;
    from = nl + 1;
  }
  return null;
}
