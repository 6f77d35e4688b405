import { describe, expect, it } from 'vitest';
import { oneLine, terminalSafe } from '../../src/cli/terminalSafe.js';

const ESC = '\x1b';

describe('terminalSafe', () => {
  it('keeps ordinary text, line feeds, tabs and non-Latin letters', () => {
    const text = 'Geachte heer,\n\tDe pentest — €1.200 — was te laat. Ünïcödé, 日本語, عربي, emoji 🙂\n';
    expect(terminalSafe(text)).toBe(text);
  });

  it('removes whole CSI sequences (screen clear, cursor moves, colours), not just the ESC', () => {
    expect(terminalSafe(`a${ESC}[2J${ESC}[Hb${ESC}[1;31mc${ESC}[0m${ESC}[?25l`)).toBe('abc');
  });

  it('removes OSC 8 links with both terminators, keeping the visible text', () => {
    expect(terminalSafe(`klik ${ESC}]8;;https://evil.example/${ESC}\\hier${ESC}]8;;${ESC}\\ nu`)).toBe('klik hier nu');
    expect(terminalSafe(`${ESC}]0;new window title\x07rest`)).toBe('rest');
    // OSC 52: write the clipboard.
    expect(terminalSafe(`${ESC}]52;c;cm0gLXJmIH4=\x07x`)).toBe('x');
  });

  it('removes DCS/APC strings and two-byte escapes (ESC c resets the terminal)', () => {
    expect(terminalSafe(`a${ESC}P1$r${ESC}\\b${ESC}_apc${ESC}\\c${ESC}cd${ESC}(Be`)).toBe('abcde');
  });

  it('an unterminated string sequence loses only its introducer: the text after it stays readable', () => {
    expect(terminalSafe(`a${ESC}]8;;http://x no end`)).toBe('a8;;http://x no end');
    expect(terminalSafe(`trailing ${ESC}`)).toBe('trailing ');
    expect(terminalSafe(`${ESC}[`)).toBe('');
  });

  it('removes C0 controls other than LF and TAB: BEL, backspace, CR, NUL, form feed', () => {
    expect(terminalSafe('a\x07b\x08c\rd\x00e\x0cf\x0bg\n\th')).toBe('abcdefg\n\th');
    expect(terminalSafe('regel\r\nregel')).toBe('regel\nregel');
  });

  it('removes DEL and the C1 range, including 8-bit CSI and OSC', () => {
    expect(terminalSafe('a\x7fb\u0085c\u009b31md\u009d8;;http://x\u009ce\u0080\u009ff')).toBe('abcdef');
  });

  it('removes bidi embeddings, overrides and isolates (Trojan Source), nothing else of Unicode', () => {
    expect(terminalSafe('factuur\u202Efdp.exe')).toBe('factuurfdp.exe');
    const all = '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069';
    expect(terminalSafe(`x${all}y`)).toBe('xy');
    expect(terminalSafe('\u200f\u2028\u00a0')).toBe('\u200f\u2028\u00a0');
  });

  it('many unterminated introducers in a row each lose only themselves', () => {
    expect(terminalSafe(`${ESC}]`.repeat(10_000) + 'tekst')).toBe('tekst');
    expect(terminalSafe(`${ESC}]8;;a `.repeat(3) + 'b')).toBe('8;;a 8;;a 8;;a b');
  });
});

describe('oneLine', () => {
  it('turns line breaks and tabs into one space and removes controls, for a value on one line', () => {
    expect(oneLine('Klacht\r\nFAKE: line\tend')).toBe('Klacht FAKE: line end');
    expect(oneLine(`a\u2028b\u0085c${ESC}[2Jd\x07`)).toBe('a b cd');
  });
});
