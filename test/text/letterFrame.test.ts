import { describe, expect, it } from 'vitest';
import { splitLetterFrame, withoutLetterFrame } from '../../src/text/letterFrame.js';

describe('splitLetterFrame: the writer’s own salutation and sign-off', () => {
  it('finds a Dutch salutation and a sign-off with name', () => {
    const f = splitLetterFrame(
      'Beste mevrouw De Boer,\n\nIk heb u vanochtend gebeld.\nKunt u mij terugbellen?\n\nMet vriendelijke groet,\nEva Visser\nPuraSec B.V.',
      ['Eva Visser'],
    );
    expect(f).toEqual({
      salutation: 'Beste mevrouw De Boer,',
      body: 'Ik heb u vanochtend gebeld.\nKunt u mij terugbellen?',
      closing: 'Met vriendelijke groet,\nEva Visser\nPuraSec B.V.',
    });
  });

  it.each([
    ['Geachte heer Jansen,', 'Geachte heer Jansen,'],
    ['Dear Mr. Smith,', 'Dear Mr. Smith,'],
    ['Dear Mr. Smith', 'Dear Mr. Smith'],
    ['Hello Jan!', 'Hello Jan!'],
    ['Hi,', 'Hi,'],
    ['Hallo Marieke,', 'Hallo Marieke,'],
    ['Goedemiddag,', 'Goedemiddag,'],
    ['Good morning Ms Green,', 'Good morning Ms Green,'],
  ])('salutation line %s', (line, salutation) => {
    expect(splitLetterFrame(`${line}\n\nHet rapport komt vrijdag.`)).toEqual({ salutation, body: 'Het rapport komt vrijdag.', closing: null });
  });

  it('takes a greeting off a line that goes on with the message', () => {
    expect(splitLetterFrame('Beste Jan, het rapport komt vrijdag.')).toEqual({ salutation: 'Beste Jan,', body: 'het rapport komt vrijdag.', closing: null });
    expect(splitLetterFrame('Hi Jan, thanks for your call.\nWe will send it Friday.').salutation).toBe('Hi Jan,');
    expect(splitLetterFrame('Dear Mr. Smith, we called you today.').salutation).toBe('Dear Mr. Smith,');
  });

  it.each([
    'Hallo is wat wij zeggen als wij opnemen.',
    'Dag en nacht staat onze servicedesk klaar, ook in het weekend en op feestdagen, en dat blijft zo.',
    'Hierbij het rapport.',
    'Beste oplossing is een creditnota van 10% van het projectbedrag, zoals besproken met uw collega.',
    'Highlights van het rapport:',
  ])('a sentence is no salutation: %s', (line) => {
    expect(splitLetterFrame(`${line}\nMeer tekst.`).salutation).toBeNull();
  });

  it('a sign-off of just the signer’s name or first name, at the start of its paragraph', () => {
    expect(splitLetterFrame('Kunt u mij terugbellen?\n\nEva', ['Eva Visser'])).toEqual({ salutation: null, body: 'Kunt u mij terugbellen?', closing: 'Eva' });
    expect(splitLetterFrame('Kunt u mij terugbellen?\n\nEva Visser\nAnalist', ['Eva Visser']).closing).toBe('Eva Visser\nAnalist');
    // Someone else's name, or a name inside the paragraph, stays text.
    expect(splitLetterFrame('Kunt u mij terugbellen?\n\nEva', ['Daan Bakker']).closing).toBeNull();
    expect(splitLetterFrame('Ik heb het nagevraagd bij\nEva', ['Eva Visser']).closing).toBeNull();
  });

  it.each([
    ['Groet, Eva', 'Groet, Eva'],
    ['Kind regards,\nEva Visser', 'Kind regards,\nEva Visser'],
    ['Best regards\nEva Visser\nAnalyst, PuraSec B.V.\n+31 15 555 0201', 'Best regards\nEva Visser\nAnalyst, PuraSec B.V.\n+31 15 555 0201'],
    ['Mvg,\nEva', 'Mvg,\nEva'],
    ['Hoogachtend,\n\nF. Mulder\nDirecteur', 'Hoogachtend,\n\nF. Mulder\nDirecteur'],
  ])('sign-off %j', (signoff, closing) => {
    expect(splitLetterFrame(`Het rapport komt vrijdag.\n\n${signoff}`)).toEqual({ salutation: null, body: 'Het rapport komt vrijdag.', closing });
  });

  it('a closing phrase that names nobody is dropped: the letter’s own sign-off names the signer', () => {
    expect(splitLetterFrame('Het rapport komt vrijdag.\n\nMet vriendelijke groet,')).toEqual({
      salutation: null,
      body: 'Het rapport komt vrijdag.',
      closing: null,
    });
  });

  it('a "thanks" or "regards" inside the message is no sign-off', () => {
    const text = 'Met vriendelijke groet van onze directeur, die het rapport heeft gelezen.\nWilt u ons bellen?';
    expect(splitLetterFrame(text).closing).toBeNull();
    expect(splitLetterFrame('Groeten,\nIk wil nog iets zeggen over het rapport dat te laat was.\nWat vindt u ervan?').closing).toBeNull();
  });

  it('the latest sign-off wins, text before it stays', () => {
    expect(splitLetterFrame('Het rapport komt vrijdag. Bedankt!\n\nMet vriendelijke groet,\nEva', ['Eva Visser']).body).toBe(
      'Het rapport komt vrijdag. Bedankt!',
    );
  });

  it('nothing but a frame stays as written', () => {
    expect(splitLetterFrame('Beste Jan,\n\nGroet,\nEva', ['Eva Visser'])).toEqual({ salutation: null, body: 'Beste Jan,\n\nGroet,\nEva', closing: null });
    expect(splitLetterFrame('  \n')).toEqual({ salutation: null, body: '', closing: null });
  });

  it('CRLF is read as LF; withoutLetterFrame keeps the message only', () => {
    expect(withoutLetterFrame('Beste Jan,\r\n\r\nDe creditnota is verstuurd.\r\n\r\nGroet,\r\nDaan', ['Daan Bakker'])).toBe('De creditnota is verstuurd.');
  });

  it('stays linear on a long text without line breaks', () => {
    const long = `Beste ${'a'.repeat(200_000)}`;
    const started = performance.now();
    expect(splitLetterFrame(long).salutation).toBeNull();
    expect(performance.now() - started).toBeLessThan(500);
  });
});
