import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/text/language.js';

describe('detectLanguage', () => {
  it.each([
    'Geachte heer, mevrouw, ik wil een klacht indienen over de pentest van vorige week. Het rapport is nog steeds niet ontvangen.',
    'Hoi, de monteur is niet gekomen. Kunt u mij laten weten wanneer hij wel komt?',
    'Ik ben het niet eens met uw besluit en maak hierbij bezwaar.',
  ])('recognises Dutch: %s', (text) => {
    expect(detectLanguage(text, 'en')).toBe('nl');
  });

  it.each([
    'Dear Sir or Madam, I would like to file a complaint about the penetration test you carried out last week. The report has still not been received.',
    'Hi, the engineer did not show up. Can you let me know when he will come?',
    'I do not agree with your decision and would like to object.',
  ])('recognises English: %s', (text) => {
    expect(detectLanguage(text, 'nl')).toBe('en');
  });

  it('returns the fallback for short or wordless text', () => {
    expect(detectLanguage('', 'nl')).toBe('nl');
    expect(detectLanguage('OK', 'en')).toBe('en');
    expect(detectLanguage('Pentest 2026-11-03 #status', 'nl')).toBe('nl');
    expect(detectLanguage('Thanks!', 'nl')).toBe('nl');
  });

  it('returns the fallback for evenly mixed text', () => {
    const mixed = 'Dit is de klacht. This is the complaint. Het rapport is te laat. The report is late.';
    expect(detectLanguage(mixed, 'nl')).toBe('nl');
    expect(detectLanguage(mixed, 'en')).toBe('en');
  });

  it('is not swayed by words shared by both languages, addresses or links', () => {
    expect(detectLanguage('is in we was of over had die me door', 'nl')).toBe('nl');
    expect(detectLanguage('is in we was of over had die me door', 'en')).toBe('en');
    const dutchWithLinks = 'Zie https://www.example.com/the-report-and-the-findings-of-the-test en mail naar the.manager@example.com, want het werkt niet.';
    expect(detectLanguage(dutchWithLinks, 'en')).toBe('nl');
  });

  it('decides on a Dutch text with an English signature', () => {
    const text =
      'Goedemorgen,\n\nDe factuur van oktober klopt niet: de uren zijn dubbel berekend. Ik wil graag een creditnota ontvangen.\n\n' + 'Kind regards,\nJohn';
    expect(detectLanguage(text, 'en')).toBe('nl');
  });
});
