// The parse worker sends a mail's new text, quote and signature as stretches of its text
// (src/ingest/textParts.ts): reading them back must give the part exactly, the text must not
// travel twice, and writing them must stay linear whatever the text holds.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromTextPart, toTextPart, type TextPart } from '../../src/ingest/textParts.js';
import { splitReply } from '../../src/text/newText.js';

const TEXTS = fileURLToPath(new URL('../fixtures/text/', import.meta.url));

const writtenOut = (part: TextPart): string => part.filter((p) => typeof p === 'string').join('');

function roundTrip(text: string, part: string): TextPart {
  const packed = toTextPart(text, part);
  expect(fromTextPart(text, packed)).toBe(part);
  return packed;
}

describe('text parts', () => {
  it.each(readdirSync(TEXTS).filter((f) => f.endsWith('.txt')))('%s: each part of splitReply reads back exactly, as stretches', (file) => {
    const text = readFileSync(`${TEXTS}${file}`, 'utf8');
    const parts = splitReply(text);
    for (const part of [parts.newText, parts.quoted, parts.signature]) {
      // Only the line breaks between lines trimmed at the end, or left out, are written out.
      expect(writtenOut(roundTrip(text, part))).toMatch(/^\n*$/);
    }
  });

  it('a part from the start or to the end of the text is one stretch', () => {
    const text = '\n  Mijn klacht.\n\nMet vriendelijke groet,\nJan\n\n';
    expect(roundTrip(text, 'Mijn klacht.\n\nMet vriendelijke groet,\nJan')).toEqual([[3, 44]]);
    expect(roundTrip(text, 'Met vriendelijke groet,\nJan')).toEqual([[17, 44]]);
    expect(roundTrip(text, '')).toEqual([]);
  });

  it('lines trimmed at the end are stretches with the line breaks written out; runs of lines join into one', () => {
    const text = 'Eerste regel   \nTweede regel\nDerde regel \n\n\n\nVierde regel';
    const part = 'Eerste regel\nTweede regel\nDerde regel\n\nVierde regel';
    expect(roundTrip(text, part)).toEqual([[0, 12], '\n', [16, 40], '\n\n', [45, 57]]);
  });

  it('a text broken by lone CRs, or a part that is not in it, is written out', () => {
    const text = 'eerste regel\r\ntweede regel\rderde regel';
    expect(roundTrip(text, 'eerste regel\ntweede regel\nderde regel')).toEqual([[0, 12], '\ntweede regel\nderde regel']);
    expect(roundTrip('iets anders', 'Nergens\nte vinden')).toEqual(['Nergens\nte vinden']);
  });

  it('stays linear on 5 MB of short lines that are all trimmed, and on one the part does not match', () => {
    const text = 'a \n'.repeat(1_700_000);
    const part = 'a\n'.repeat(1_700_000).trimEnd();
    const started = performance.now();
    roundTrip(text, part);
    roundTrip(text, `b\n${part}`);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
