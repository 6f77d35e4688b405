import { describe, expect, it } from 'vitest';
import { matchService } from '../../src/intake/service.js';

const catalogue = [
  { name: 'Pentest', synonyms: ['penetratietest', 'pen test', 'penetration test'] },
  { name: 'Security Operations Center', synonyms: ['SOC', 'monitoring'] },
  { name: 'Security awareness', synonyms: ['awareness training', 'phishing simulatie'] },
];

describe('matchService', () => {
  it.each([
    ['De pentest van vorige week was slecht', 'Pentest'],
    ['Our PEN-TEST report was late', 'Pentest'],
    ['de penetratietest is niet afgerond', 'Pentest'],
    ['Klacht over het SOC: alarmen werden gemist', 'Security Operations Center'],
    ['De phishing simulatie ging naar de verkeerde afdeling', 'Security awareness'],
    ['De Phishing-Simulatie was slecht', 'Security awareness'],
  ])('%s → %s', (text, name) => {
    expect(matchService(text, catalogue)).toBe(name);
  });

  it('does not match inside other words', () => {
    expect(matchService('We gebruiken SOCKS proxies en sociale media', catalogue)).toBeNull();
    expect(matchService('Ik ben ontevreden over de factuur', catalogue)).toBeNull();
  });

  it('the earliest mention wins', () => {
    expect(matchService('Na de awareness training volgde de pentest', catalogue)).toBe('Security awareness');
  });
});
