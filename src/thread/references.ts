/**
 * Header-level threading evidence (SPEC §4 Threading, rule 1): message-id lists from
 * In-Reply-To / References, and Outlook's Thread-Index.
 */

/** A single id longer than RFC 5322's line limit is garbage, not a message id. */
const MAX_ID_LENGTH = 998;

/**
 * The message ids in an In-Reply-To or References value, without angle brackets, deduplicated,
 * in order of first appearance.
 *
 * RFC 5322 §3.6.4 says `<id> <id>` separated by folding whitespace, but real mail also has:
 * commas between ids (Exchange, iOS Mail), ids without brackets, comments in parentheses,
 * quoted phrases ("Jan's message of …", RFC 822 style) and folding inside a bracketed id. A
 * bracketed id is taken as is (minus whitespace); a bare token only when it has the
 * local@domain shape, so phrases and garbage drop out.
 */
export function parseMessageIdList(value: string): string[] {
  const ids: string[] = [];
  const add = (raw: string, bracketed: boolean): void => {
    const id = raw.replace(/\s+/g, '');
    if (id.length === 0 || id.length > MAX_ID_LENGTH || /[<>]/.test(id)) return;
    if (!bracketed && !/^[^@"(),;:\\[\]]+@[^@"(),;:\\[\]]+$/.test(id)) return;
    if (!ids.includes(id)) ids.push(id);
  };

  let i = 0;
  let bare = '';
  const flushBare = (): void => {
    if (bare !== '') add(bare, false);
    bare = '';
  };
  while (i < value.length) {
    const ch = value[i] as string;
    if (ch === '<') {
      flushBare();
      const end = value.indexOf('>', i + 1);
      if (end === -1) {
        // An unterminated "<abc@x" at the end: take what is there, as a bare token.
        bare = value.slice(i + 1);
        break;
      }
      add(value.slice(i + 1, end), true);
      i = end + 1;
    } else if (ch === '(') {
      flushBare();
      i = skipComment(value, i);
    } else if (ch === '"') {
      flushBare();
      i = skipQuoted(value, i);
    } else if (/[\s,;]/.test(ch)) {
      flushBare();
      i++;
    } else {
      bare += ch;
      i++;
    }
  }
  flushBare();
  return ids;
}

/** Index just past an RFC 5322 comment starting at `start`; comments nest, "\" escapes. */
function skipComment(value: string, start: number): number {
  let depth = 0;
  for (let i = start; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\') i++;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i + 1;
  }
  return value.length;
}

/** Index just past a quoted string starting at `start`. */
function skipQuoted(value: string, start: number): number {
  for (let i = start + 1; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\') i++;
    else if (ch === '"') return i + 1;
  }
  return value.length;
}

export interface ThreadIndex {
  /**
   * The conversation GUID in the usual Windows text form (Data1–Data3 little-endian, as
   * .NET's Guid(byte[]) reads it), lower case: every mail of one Outlook conversation has it.
   */
  guid: string;
  /** Number of 5-byte child blocks: 0 for the first mail, +1 per reply/forward. */
  childBlocks: number;
}

/** A header this long would be a conversation of thousands of replies: not a real one. */
const MAX_THREAD_INDEX_CHARS = 4096;
const HEADER_BYTES = 22;
const CHILD_BLOCK_BYTES = 5;

/**
 * Decodes Outlook's Thread-Index header ([MS-OXOMSG] 2.2.1.3 PidTagConversationIndex, base64):
 * a 22-byte header (1 reserved byte and 5 bytes of FILETIME, then a 16-byte GUID) followed by
 * one 5-byte block per reply. Outlook and Exchange keep the GUID for the whole conversation,
 * even when a client drops In-Reply-To/References. Null when the value is not valid base64 of
 * that shape, or the GUID is all zeros.
 */
export function parseThreadIndex(value: string): ThreadIndex | null {
  const compact = value.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length > MAX_THREAD_INDEX_CHARS) return null;
  // Buffer.from silently skips invalid characters, so check the alphabet and padding first.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return null;
  const unpadded = compact.replace(/=+$/, '');
  if (unpadded.length % 4 === 1) return null;
  if (compact.includes('=') && compact.length % 4 !== 0) return null;
  const bytes = Buffer.from(unpadded, 'base64');
  if (bytes.length < HEADER_BYTES || (bytes.length - HEADER_BYTES) % CHILD_BLOCK_BYTES !== 0) return null;

  const raw = bytes.subarray(6, HEADER_BYTES);
  if (raw.every((b) => b === 0)) return null;
  const hex = (from: number, to: number, reverse: boolean): string => {
    const part = Array.from(raw.subarray(from, to));
    if (reverse) part.reverse();
    return part.map((b) => b.toString(16).padStart(2, '0')).join('');
  };
  const guid = [hex(0, 4, true), hex(4, 6, true), hex(6, 8, true), hex(8, 10, false), hex(10, 16, false)].join('-');
  return { guid, childBlocks: (bytes.length - HEADER_BYTES) / CHILD_BLOCK_BYTES };
}
