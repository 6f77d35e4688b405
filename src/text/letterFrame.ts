/**
 * The frame a person puts around a message: a salutation line at the top ("Beste mevrouw De
 * Boer,", "Dear Ms Smith,", "Hi Jan,") and a sign-off at the bottom ("Met vriendelijke groet,"
 * + name block, or just the name). A handler who writes `#antwoord` often writes a whole letter;
 * our letter around it must then not greet or sign a second time ("Beste Marieke de Boer, Beste
 * mevrouw De Boer,"). Text a person wrote into the middle of one of our letters (a decision's
 * reasons, a question) loses its frame for the same reason.
 *
 * Conservative: only a short first line that starts with a greeting word counts, and only a
 * closing phrase or the signer's own name followed by nothing but short name-like lines. When in
 * doubt the text stays body. Bounded: only the first line and the last few lines are looked at.
 */

export interface LetterFrame {
  /** The writer's own salutation line, e.g. "Beste mevrouw De Boer,"; null when they wrote none. */
  salutation: string | null;
  /** The message between salutation and sign-off, trimmed. */
  body: string;
  /** The writer's own sign-off with their name ("Met vriendelijke groet,\nEva Visser"); null when none. */
  closing: string | null;
}

const GREETING_WORDS =
  '(?:beste|geachte|lieve|hooggeachte|dear|dearest|hello|hallo|hi|hey|hoi|dag|goedemorgen|goedemiddag|goedenavond|good\\s+(?:morning|afternoon|evening))';
/** "Beste Jan," / "Dear Mr. Smith" / "Hello!": the greeting alone on its line. */
const SALUTATION_LINE = new RegExp(`^${GREETING_WORDS}(?=[\\s,!:]|$)`, 'iu');
/** "Beste Jan, hierbij …": the greeting, then the message on the same line. */
const SALUTATION_INLINE = new RegExp(`^(${GREETING_WORDS}(?:\\s+(?:\\p{L}{1,3}\\.|[^\\s,.!?:;]{1,30})){0,4}[,!])\\s+(\\S.*)$`, 'iu');
const MAX_SALUTATION_CHARS = 80;
const MAX_SALUTATION_WORDS = 7;

const CLOSING_WORDS =
  '(?:met\\s+)?(?:vriendelijke|hartelijke|beste|warme|collegiale)\\s+groet(?:en)?|(?:met\\s+)?groet(?:en)?|groetjes|mvg|m\\.v\\.g\\.?|hoogachtend|' +
  '(?:with\\s+)?(?:kind|best|warm|warmest|many)\\s+regards|regards|best\\s+wishes|(?:yours\\s+)?sincerely|yours\\s+faithfully|kind\\s+wishes';
/** The closing phrase alone on its line ("Met vriendelijke groet,"). */
const CLOSING_ALONE = new RegExp(`^(?:${CLOSING_WORDS})\\s*[,.!]?$`, 'iu');
/** The closing phrase with a name after it on the same line ("Groet, Eva"). */
const CLOSING_WITH_NAME = new RegExp(`^(?:${CLOSING_WORDS})\\s*[,.!]\\s*(\\p{Lu}[\\p{L}'. -]{0,40})$`, 'iu');
/** How many non-blank lines at the end may belong to a sign-off (phrase, name, function, company, phone). */
const MAX_CLOSING_LINES = 6;
const MAX_NAME_LINE_CHARS = 60;

const isBlank = (line: string) => line.trim() === '';

/** A name, function, company or phone line: short, and not a sentence or a question. */
function isNameLike(line: string): boolean {
  const t = line.trim();
  if (t.length > MAX_NAME_LINE_CHARS || /[?:]$/.test(t)) return false;
  return !(t.split(/\s+/).length >= 5 && /[.!]$/.test(t));
}

function isSalutation(line: string): boolean {
  const t = line.trim();
  if (t.length > MAX_SALUTATION_CHARS || !SALUTATION_LINE.test(t)) return false;
  if (/[,!:]$/.test(t)) return true;
  // Without a closing comma only a few words that are not a sentence ("Dear Mr. Smith", not "Hallo is ons woord.").
  return t.split(/\s+/).length <= MAX_SALUTATION_WORDS && !/[.?;]$/.test(t);
}

/** Names the writer may sign with: the full name and the first name, lower case. */
function signatureNames(names: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const name of names) {
    const full = name.trim().toLowerCase();
    if (full === '') continue;
    out.add(full);
    const first = full.split(/\s+/)[0];
    if (first && first.length >= 2) out.add(first);
  }
  return out;
}

/**
 * Splits `text` into the writer's salutation, the message and their sign-off. `signerNames`: the
 * names the writer may sign with (the handler's full name; the first name counts too), so a body
 * that ends in just "Eva" is seen as signed. A closing phrase with no name after it ("Met
 * vriendelijke groet," as the last line) is left out of both: the letter around it signs with
 * the same words and the name.
 */
export function splitLetterFrame(text: string, signerNames: readonly string[] = []): LetterFrame {
  let lines = text.replace(/\r\n?/g, '\n').split('\n');
  let salutation: string | null = null;

  const first = lines.findIndex((l) => !isBlank(l));
  if (first === -1) return { salutation: null, body: '', closing: null };
  const firstLine = (lines[first] as string).trim();
  if (isSalutation(firstLine)) {
    salutation = firstLine;
    lines = lines.slice(first + 1);
  } else {
    const inline = firstLine.length <= 400 ? SALUTATION_INLINE.exec(firstLine) : null;
    if (inline) {
      salutation = (inline[1] as string).trim();
      lines = [inline[2] as string, ...lines.slice(first + 1)];
    }
  }

  const { rest, closing } = splitClosing(lines, signatureNames(signerNames));
  const body = rest.join('\n').trim();
  // Nothing but a frame: then the frame is the message, and stays as written.
  if (body === '') return { salutation: null, body: text.trim(), closing: null };
  return { salutation, body, closing };
}

/** The message without the writer's salutation and sign-off: for text set into one of our letters, which greets and signs itself. */
export function withoutLetterFrame(text: string, signerNames: readonly string[] = []): string {
  return splitLetterFrame(text, signerNames).body;
}

function splitClosing(lines: string[], names: Set<string>): { rest: string[]; closing: string | null } {
  // The last non-blank lines, nearest the end first, by index.
  const tail: number[] = [];
  for (let i = lines.length - 1; i >= 0 && tail.length < MAX_CLOSING_LINES; i--) if (!isBlank(lines[i] as string)) tail.push(i);
  // The sign-off starts at the latest phrase or name line after which only name-like lines follow.
  for (let n = 0; n < tail.length; n++) {
    const index = tail[n] as number;
    const line = (lines[index] as string).trim();
    const after = tail.slice(0, n).map((i) => lines[i] as string);
    if (!after.every(isNameLike)) break;
    const block = () => lines.slice(index).join('\n').trim();
    if (CLOSING_ALONE.test(line)) {
      // A closing phrase that names nobody: ours says the same and names the signer.
      if (after.length === 0) return { rest: lines.slice(0, index), closing: null };
      return { rest: lines.slice(0, index), closing: block() };
    }
    if (line.length <= MAX_NAME_LINE_CHARS && CLOSING_WITH_NAME.test(line)) return { rest: lines.slice(0, index), closing: block() };
    // Just the name ("Eva", "Eva Visser"), at the start of its paragraph, with perhaps a function or company under it.
    const bare = line.replace(/[.,!]+$/, '').toLowerCase();
    if (names.has(bare) && (index === 0 || isBlank(lines[index - 1] as string))) return { rest: lines.slice(0, index), closing: block() };
  }
  return { rest: lines, closing: null };
}
