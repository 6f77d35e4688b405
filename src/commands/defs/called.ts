import type { CommandDef } from '../types.js';

/**
 * Someone reached the customer personally — a call, a visit (PreAct step 3: "uw contactpersoon
 * neemt voor een toelichting altijd contact met u op"). The note may follow the tag on the
 * subject line (`#gebeld klant akkoord met herstel`) or stand in the body; both are kept.
 * A #reply counts as contact too; this is for contact the desk did not carry.
 */
export const called: CommandDef<'called'> = {
  name: 'called',
  aliases: { en: 'called', nl: 'gebeld' },
  role: 'any',
  body: 'optional',
  usage: { en: '[note]', nl: '[notitie]' },
  summary: {
    en: 'you reached the customer personally, by phone or in person (note on the subject line or in the body, optional)',
    nl: 'u hebt de klant persoonlijk gesproken, telefonisch of op bezoek (notitie in het onderwerp of de tekst, optioneel)',
  },
  parseArgs: (words) => ({ ok: true, args: { note: words.join(' ').trim() } }),
  means: (cmd) => {
    const note = [cmd.note, cmd.body]
      .map((t) => t.trim())
      .filter(Boolean)
      .join('\n');
    return { ok: true, event: note ? { type: 'contact-made', note } : { type: 'contact-made' } };
  },
};
