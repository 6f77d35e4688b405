import { describe, expect, it } from 'vitest';
import { parseMessageIdList, parseThreadIndex } from '../../src/thread/references.js';

describe('parseMessageIdList', () => {
  it('reads the RFC 5322 form', () => {
    expect(parseMessageIdList('<a1@example.nl> <b2@example.nl>')).toEqual(['a1@example.nl', 'b2@example.nl']);
    expect(parseMessageIdList('<CAF=x+Yz_9@mail.gmail.com>')).toEqual(['CAF=x+Yz_9@mail.gmail.com']);
  });

  it('accepts comma-separated lists (Exchange, iOS Mail)', () => {
    expect(parseMessageIdList('<a1@example.nl>,<b2@example.nl>, <c3@example.nl>')).toEqual(['a1@example.nl', 'b2@example.nl', 'c3@example.nl']);
  });

  it('accepts folded whitespace, tabs and newlines between ids', () => {
    const folded = '<DB9PR01MB1234.eurprd01.prod.exchangelabs.com@example.nl>\r\n\t<AM0PR02MB5678@example.nl>\n <x@y.nl>';
    expect(parseMessageIdList(folded)).toEqual(['DB9PR01MB1234.eurprd01.prod.exchangelabs.com@example.nl', 'AM0PR02MB5678@example.nl', 'x@y.nl']);
  });

  it('joins an id folded inside its brackets', () => {
    expect(parseMessageIdList('<very-long-id-1234567890@\r\n mail.example.nl>')).toEqual(['very-long-id-1234567890@mail.example.nl']);
  });

  it('accepts ids without brackets', () => {
    expect(parseMessageIdList('a1@example.nl b2@example.nl,c3@example.nl')).toEqual(['a1@example.nl', 'b2@example.nl', 'c3@example.nl']);
    expect(parseMessageIdList('a1@example.nl <b2@example.nl>')).toEqual(['a1@example.nl', 'b2@example.nl']);
  });

  it('ignores comments, quoted phrases and garbage', () => {
    expect(parseMessageIdList('<a1@example.nl> (sent by (nested) Outlook) <b2@example.nl>')).toEqual(['a1@example.nl', 'b2@example.nl']);
    expect(parseMessageIdList('Your message of "Mon, 3 Nov 2026 10:00 jan@x.nl" <a1@example.nl>')).toEqual(['a1@example.nl']);
    expect(parseMessageIdList('(comment with <fake@id> inside) <a1@example.nl>')).toEqual(['a1@example.nl']);
    expect(parseMessageIdList('garbage ; ,, <> < > no-at-sign <a1@example.nl>')).toEqual(['a1@example.nl']);
    expect(parseMessageIdList('')).toEqual([]);
    expect(parseMessageIdList('   \r\n ')).toEqual([]);
  });

  it('deduplicates and keeps the first position', () => {
    expect(parseMessageIdList('<a@x.nl> <b@x.nl> <a@x.nl> b@x.nl <c@x.nl>')).toEqual(['a@x.nl', 'b@x.nl', 'c@x.nl']);
  });

  it('tolerates an unterminated last id and never returns ids with brackets', () => {
    expect(parseMessageIdList('<a1@example.nl> <b2@example.nl')).toEqual(['a1@example.nl', 'b2@example.nl']);
    expect(parseMessageIdList('<<a1@example.nl>>')).toEqual([]);
  });

  it('drops an id longer than a mail line', () => {
    expect(parseMessageIdList(`<${'x'.repeat(1000)}@example.nl> <ok@example.nl>`)).toEqual(['ok@example.nl']);
  });
});

/** A Thread-Index as Outlook writes it: FILETIME (top 6 bytes), GUID in Windows byte order, child blocks. */
function threadIndex(guid: string, when: Date, childBlocks: number): string {
  const fileTime = (BigInt(when.getTime()) + 11_644_473_600_000n) * 10_000n;
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(fileTime);
  const hex = guid.replace(/-/g, '');
  const raw = Buffer.from(hex, 'hex');
  const windows = Buffer.concat([
    Buffer.from(raw.subarray(0, 4)).reverse(),
    Buffer.from(raw.subarray(4, 6)).reverse(),
    Buffer.from(raw.subarray(6, 8)).reverse(),
    raw.subarray(8, 16),
  ]);
  const children = Buffer.alloc(5 * childBlocks, 0x5a);
  return Buffer.concat([time.subarray(0, 6), windows, children]).toString('base64');
}

describe('parseThreadIndex', () => {
  const guid = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
  const first = threadIndex(guid, new Date('2026-11-03T09:00:00Z'), 0);
  const reply = threadIndex(guid, new Date('2026-11-03T09:00:00Z'), 1);

  it('decodes the conversation GUID and counts child blocks', () => {
    expect(first.startsWith('Ad')).toBe(true); // how real Outlook values start (0x01 0xDC… for 2026)
    expect(parseThreadIndex(first)).toEqual({ guid, childBlocks: 0 });
    expect(parseThreadIndex(reply)).toEqual({ guid, childBlocks: 1 });
    expect(parseThreadIndex(threadIndex(guid, new Date('2026-11-04T12:00:00Z'), 7))).toEqual({ guid, childBlocks: 7 });
  });

  it('matches two mails of one conversation and tells another apart', () => {
    const other = threadIndex('a1b2c3d4-0000-4000-8000-00000000beef', new Date('2026-11-03T09:00:00Z'), 1);
    expect(parseThreadIndex(reply)?.guid).toBe(parseThreadIndex(first)?.guid);
    expect(parseThreadIndex(other)?.guid).toBe('a1b2c3d4-0000-4000-8000-00000000beef');
  });

  it('accepts folding whitespace and missing padding', () => {
    expect(parseThreadIndex(`${reply.slice(0, 20)}\r\n ${reply.slice(20)}`)).toEqual({ guid, childBlocks: 1 });
    expect(parseThreadIndex(first.replace(/=+$/, ''))).toEqual({ guid, childBlocks: 0 });
  });

  it('returns null on invalid input', () => {
    expect(parseThreadIndex('')).toBeNull();
    expect(parseThreadIndex('not base64!')).toBeNull();
    expect(parseThreadIndex(Buffer.alloc(21, 1).toString('base64'))).toBeNull(); // too short
    expect(parseThreadIndex(Buffer.alloc(24, 1).toString('base64'))).toBeNull(); // not 22 + 5n bytes
    expect(parseThreadIndex(Buffer.alloc(22, 0).toString('base64'))).toBeNull(); // no GUID
    expect(parseThreadIndex(`${first}$`)).toBeNull();
    expect(parseThreadIndex(`${first.slice(0, -2)}=A`)).toBeNull();
    expect(parseThreadIndex('A'.repeat(5000))).toBeNull();
  });
});
