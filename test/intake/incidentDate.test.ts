import { describe, expect, it } from 'vitest';
import { findIncidentDate } from '../../src/intake/incidentDate.js';

// Received on Thursday 12 November 2026 (local date).
const RECEIVED = '2026-11-12';
const find = (text: string) => findIncidentDate(text, RECEIVED);

describe('findIncidentDate', () => {
  it.each([
    ['De scan liep op 3 november vast.', '2026-11-03'],
    ['Sinds 3 nov. werkt het niet.', '2026-11-03'],
    ['It failed on 3 November.', '2026-11-03'],
    ['It failed on November 3rd, 2026.', '2026-11-03'],
    ['the 3rd of November', '2026-11-03'],
    ['Op 12-11-2026 ging het mis', '2026-11-12'],
    ['Op 10/11/2026 ging het mis', '2026-11-10'],
    ['Op 10.11.2026 ging het mis', '2026-11-10'],
    ['Op 10-11-26 ging het mis', '2026-11-10'],
    ['Logged at 2026-11-09 14:00', '2026-11-09'],
    ['Gisteren kreeg ik geen rapport.', '2026-11-11'],
    ['yesterday the portal was down', '2026-11-11'],
    ['eergisteren', '2026-11-10'],
    ['Vanochtend was het weer raak', '2026-11-12'],
    ['vorige week dinsdag', '2026-11-03'],
    ['dinsdag vorige week', '2026-11-03'],
    ['last Tuesday', '2026-11-10'],
    ['afgelopen donderdag', '2026-11-05'],
    ['op maandag', '2026-11-09'],
    ['3 dagen geleden', '2026-11-09'],
    ['a week ago', '2026-11-05'],
  ])('%s → %s', (text, date) => {
    expect(find(text)).toBe(date);
  });

  it('takes a day and month without a year as the most recent one, last year when this year is still to come', () => {
    expect(find('op 24 december')).toBe('2025-12-24');
    expect(findIncidentDate('op 24 december', '2027-01-05')).toBe('2026-12-24');
  });

  it('never returns a date after receipt: an appointment or renewal later in the text is skipped', () => {
    expect(find('Ons contract loopt tot 31-12-2026.')).toBeNull();
    expect(find('Afspraak op 20-11-2026; de storing was op 2-11-2026.')).toBe('2026-11-02');
    expect(find('It happened on 2026-12-01')).toBeNull();
  });

  it('takes the first date the text names', () => {
    expect(find('Op 5 november ging het mis, en op 9 november weer.')).toBe('2026-11-05');
    expect(find('gisteren, en ook op 1-11-2026')).toBe('2026-11-11');
  });

  it('finds nothing in text without a date: phone numbers, versions, amounts, impossible dates', () => {
    expect(find('Bel mij op 06-12-345678.')).toBeNull();
    expect(find('Versie 2.10.24 geeft een fout; factuur van € 1.250,00.')).toBeNull();
    expect(find('Op 31-02-2026 of 12-13-2026')).toBeNull();
    expect(find('Het rapport is onvolledig en de scan mist twee servers.')).toBeNull();
    expect(find('We had 3 novices on the team')).toBeNull();
  });

  it('reads only the analysed prefix of a huge text, in bounded time', () => {
    const filler = '12-1 '.repeat(400_000);
    const t0 = performance.now();
    expect(find(`${filler} op 3 november`)).toBeNull();
    expect(performance.now() - t0).toBeLessThan(500);
    expect(find(`op 3 november ${filler}`)).toBe('2026-11-03');
  });
});
