import { describe, expect, it } from 'vitest';
import { findReferenceTokens, formatReference, parseReference, stripReplyPrefixes } from '../../src/thread/subject.js';

describe('stripReplyPrefixes', () => {
  it.each([
    ['RE: AW: Antw: [PS-2026-0007] #outcome partly', '[PS-2026-0007] #outcome partly'],
    ['Re[2]: Fwd: WG: Klacht over levering', 'Klacht over levering'],
    ['Doorst: Klacht factuur', 'Klacht factuur'],
    ['Doorgestuurd: Antwoord: klacht', 'klacht'],
    ['re: RE: Re: rE: herhaald', 'herhaald'],
    ['Re:Re:geen spaties', 'geen spaties'],
    ['RE (3): Fw : FW: TR: Sv: Vs: R: RIF: Wg: Aw: ruim', 'ruim'],
    ['Re [12] : AW(2): genummerd', 'genummerd'],
    ['Re： 全角 colon', '全角 colon'],
    ['Antw：Doorst：volledige breedte', 'volledige breedte'],
    ['  RE:   Re:    veel   ruimte  ', 'veel ruimte'],
    ['[EXTERNAL] RE: [PS-2026-0007] Antwoord', '[PS-2026-0007] Antwoord'],
    ['RE: [EXTERN] Fw: doorgestuurd via gateway', 'doorgestuurd via gateway'],
    ['Re:', ''],
    ['', ''],
  ])('%j -> %j', (subject, expected) => {
    expect(stripReplyPrefixes(subject)).toBe(expected);
  });

  it.each([
    'Reclamatie: factuur oktober',
    'Referentie: PS-2026-0007',
    'Antwerpen: levering',
    'Fwdxx: onbekend',
    'Rivier: niets',
    'Vraag: Re: later in de regel',
    '[PS-2026-0007] Re: prefix na het token blijft staan',
  ])('leaves %j alone', (subject) => {
    expect(stripReplyPrefixes(subject)).toBe(subject);
  });
});

describe('formatReference / parseReference', () => {
  it('formats with an upper-case prefix and a zero-padded sequence', () => {
    expect(formatReference('PS', 2026, 7)).toBe('PS-2026-0007');
    expect(formatReference('pa', 2026, 123)).toBe('PA-2026-0123');
    expect(formatReference('PS', 2026, 12345)).toBe('PS-2026-12345');
  });

  it('refuses values that would make an unparseable reference', () => {
    expect(() => formatReference('P S', 2026, 1)).toThrow(RangeError);
    expect(() => formatReference('', 2026, 1)).toThrow(RangeError);
    expect(() => formatReference('PS', 26, 1)).toThrow(RangeError);
    expect(() => formatReference('PS', 2026, 0)).toThrow(RangeError);
    expect(() => formatReference('PS', 2026, 1.5)).toThrow(RangeError);
  });

  it('parses what it formats', () => {
    expect(parseReference('PS-2026-0007')).toEqual({ prefix: 'PS', year: 2026, seq: 7 });
    expect(parseReference(formatReference('PA', 2027, 4321))).toEqual({ prefix: 'PA', year: 2027, seq: 4321 });
    expect(parseReference(' ps-2026-7 ')).toEqual({ prefix: 'PS', year: 2026, seq: 7 });
    expect(parseReference('[PS-2026-0007]')).toEqual({ prefix: 'PS', year: 2026, seq: 7 });
  });

  it.each(['', 'PS-2026', 'PS-26-0007', 'PS-2026-0000', 'PS2026-0007', 'PS-2026-0007x', '[PS-2026-0007', 'PS-2026-0007]', '1S-2026-0007', 'PS 2026 0007'])(
    'rejects %j',
    (token) => {
      expect(parseReference(token)).toBeNull();
    },
  );
});

describe('findReferenceTokens', () => {
  it('finds the bracketed token behind reply prefixes and commands', () => {
    expect(findReferenceTokens('RE: AW: Antw: [PS-2026-0007] #outcome partly', ['PS'])).toEqual(['PS-2026-0007']);
  });

  it('is case-insensitive and normalises case, padding and inner spaces', () => {
    expect(findReferenceTokens('Re: [ps-2026-7] vraag', ['PS'])).toEqual(['PS-2026-0007']);
    expect(findReferenceTokens('Re: [ PS-2026-0007 ] vraag', ['ps'])).toEqual(['PS-2026-0007']);
  });

  it('only accepts the given prefixes', () => {
    expect(findReferenceTokens('[PA-2026-0003] en [PS-2026-0007]', ['PS'])).toEqual(['PS-2026-0007']);
    expect(findReferenceTokens('[PA-2026-0003] en [PS-2026-0007]', ['PS', 'PA'])).toEqual(['PA-2026-0003', 'PS-2026-0007']);
    expect(findReferenceTokens('[PS-2026-0007]', [])).toEqual([]);
  });

  it('deduplicates and keeps the order of appearance', () => {
    expect(findReferenceTokens('[PS-2026-0009] Re: [PS-2026-0007] Re: [ps-2026-0009]', ['PS'])).toEqual(['PS-2026-0009', 'PS-2026-0007']);
  });

  it.each([
    'Re: PS-2026-0007 zonder haken',
    'Re: #PS-2026-0007 met hekje',
    'Zie ook (PS-2026-0007)',
    '[XPS-2026-0007] ander woord',
    '[PS-2026-0007a] langer woord',
    '[PSX-2026-0007]',
    '[Ticket PS-2026-0007]',
    '[PS-2026-0000]',
    '[PS-26-0007]',
    'FOOPS-2026-0007]',
  ])('does not match %j', (subject) => {
    expect(findReferenceTokens(subject, ['PS'])).toEqual([]);
  });
});
