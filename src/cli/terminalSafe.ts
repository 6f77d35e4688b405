/**
 * Mail text (subjects, names, bodies, attachment file names) is written by strangers. Printed
 * raw, a terminal obeys what it carries: ESC[2J clears the screen, OSC 8 turns text into a link
 * to anywhere, OSC 52 writes the operator's clipboard, BEL rings, CR overwrites the line, and
 * the Unicode bidi controls (CVE-2021-42574, "Trojan Source") show text in another order than it
 * is. Everything the CLI prints passes through `terminalSafe` (src/cli/output.ts), so no printing
 * path can forget it.
 */

/**
 * A whole escape sequence, removed at once so its parameters (an OSC 8 URL, a CSI's "2J") do
 * not linger as litter:
 *  - string controls OSC/DCS/SOS/PM/APC (ESC ] P X ^ _, or C1 0x90/0x98/0x9D-0x9F), ended by BEL
 *    or ST (ESC \ or 0x9C) — an unterminated one loses only its introducer below, so the text
 *    after it stays visible;
 *  - CSI (ESC [ or 0x9B) parameters, intermediates, final byte (ECMA-48 §5.4);
 *  - any other ESC, its intermediates and final byte (ESC c, ESC ( B).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is this module's job
const SEQUENCE = /(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b[ -/]*[0-~]/g;

/** C0 but TAB and LF, DEL, C1, and the bidi embeddings, overrides and isolates. */
// eslint-disable-next-line no-control-regex -- matching control characters is this module's job
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/** The same, without TAB and LF: for one field on one line. */
// eslint-disable-next-line no-control-regex -- matching control characters is this module's job
const CONTROL_OR_BREAK = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text that is safe to write to a terminal: escape sequences and control characters removed;
 * line feeds and tabs kept, because the CLI prints multi-line text (a complaint's description).
 */
export function terminalSafe(text: string): string {
  return text.replace(SEQUENCE, '').replace(CONTROL, '');
}

/**
 * One value on one line (a subject, a name, a file name): as `terminalSafe`, and line breaks and
 * tabs become a space, so a subject with an encoded newline cannot forge the next line of a
 * listing.
 */
export function oneLine(text: string): string {
  return text
    .replace(SEQUENCE, '')
    .replace(/[\t\n\r\v\f\x85\u2028\u2029]+/g, ' ')
    .replace(CONTROL_OR_BREAK, '');
}
