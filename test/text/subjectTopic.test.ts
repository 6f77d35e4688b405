import { describe, expect, it } from 'vitest';
import { subjectTopic } from '../../src/text/subjectTopic.js';

describe('subjectTopic: what a subject says the complaint is about', () => {
  it.each([
    'Klacht',
    'klacht',
    'KLACHT!',
    'Re: Klacht',
    'Fwd: RE: klacht',
    'Mijn klacht',
    'Een klacht over jullie',
    'Klacht ingediend',
    'Complaint',
    'My complaint',
    'Question',
    'Vraag',
    '(geen onderwerp)',
    'No subject',
    '',
    '   ',
    '[PS-2026-0007] Klacht',
    'Re: [PS-2026-0007] Bezwaar',
    'Klacht - dringend',
  ])('%j says nothing more than "complaint"', (subject) => {
    expect(subjectTopic(subject)).toBeNull();
  });

  it.each([
    ['Rapportage pentest te laat', 'Rapportage pentest te laat'],
    ['Re: Rapportage pentest te laat', 'Rapportage pentest te laat'],
    ['Klacht: factuur klopt niet', 'factuur klopt niet'],
    ['Klacht over de factuur van maart', 'de factuur van maart'],
    ['Complaint about the late report', 'the late report'],
    ['[PS-2026-0007] Factuur', 'Factuur'],
    ['Klacht pentest', 'Klacht pentest'],
    ['Slechte service', 'Slechte service'],
  ])('%j is about %j', (subject, topic) => {
    expect(subjectTopic(subject)).toBe(topic);
  });

  it('line breaks and control characters become spaces', () => {
    expect(subjectTopic('Rapport\r\nte laat')).toBe('Rapport te laat');
  });
});
