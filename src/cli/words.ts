import { LETTER_NAMES_IN_WORDS } from '../letters/render.js';
import { STATE_DESCRIPTIONS } from '../procedure/phase.js';
import type { ProcStateName } from '../procedure/types.js';
import type { CliLanguage } from './args.js';

/**
 * The words `list` and `show` print for stored codes, per language. A code the table does not
 * know (a row from a newer version) is printed as stored.
 */
type Words = Record<CliLanguage, Record<string, string>>;

export const STATE_WORDS: Record<CliLanguage, Record<ProcStateName, string>> = {
  nl: {
    new: 'nieuw (nog niet bevestigd)',
    'awaiting-information': 'wacht op informatie van de klant',
    'admissibility-check': 'wacht op het oordeel over ontvankelijkheid',
    'in-treatment': 'in behandeling',
    'outcome-sent': 'beantwoord (uitkomst verstuurd)',
    objection: 'in bezwaar',
    'hearing-scheduled': 'in bezwaar, hoorzitting gepland',
    heard: 'gehoord, wacht op de uitspraak',
    closed: 'gesloten',
  },
  // The English descriptions the procedure's refusals use, so the terminal and the mails agree.
  en: STATE_DESCRIPTIONS,
};

export const OUTCOME_WORDS: Words = {
  nl: { founded: 'gegrond', partly: 'deels gegrond', unfounded: 'ongegrond' },
  en: { founded: 'founded', partly: 'partly founded', unfounded: 'unfounded' },
};

export const DECISION_WORDS: Words = {
  nl: { upheld: 'bezwaar gegrond', partly: 'bezwaar deels gegrond', rejected: 'bezwaar ongegrond' },
  en: { upheld: 'objection upheld', partly: 'objection partly upheld', rejected: 'objection rejected' },
};

export const DEADLINE_STATUS_WORDS: Words = {
  nl: { open: 'loopt', paused: 'gepauzeerd (wacht op de klant)', met: 'gehaald', missed: 'gemist', cleared: 'vervallen' },
  en: { open: 'running', paused: 'paused (waiting on the customer)', met: 'met', missed: 'missed', cleared: 'no longer applies' },
};

/** Short deadline names for one-line listings. */
export const DEADLINE_SHORT: Words = {
  nl: { acknowledgement: 'bevestiging', information: 'informatie', outcome: 'uitkomst', 'objection-window': 'bezwaartermijn', decision: 'uitspraak' },
  en: { acknowledgement: 'acknowledgement', information: 'information', outcome: 'outcome', 'objection-window': 'objection window', decision: 'decision' },
};

export const CHANNEL_WORDS: Words = {
  nl: { email: 'e-mail', phone: 'telefoon', 'in-person': 'persoonlijk', 'contact-person': 'via de contactpersoon', forwarded: 'doorgestuurd', letter: 'brief' },
  en: { email: 'email', phone: 'phone', 'in-person': 'in person', 'contact-person': 'via the contact person', forwarded: 'forwarded', letter: 'letter' },
};

export const OUTBOX_STATUS_WORDS: Words = {
  nl: {
    pending: 'wacht op verzending',
    sending: 'wordt verzonden',
    sent: 'afgeleverd bij de mailserver',
    failed: 'NIET AFGELEVERD',
    held: 'tegengehouden',
    cancelled: 'geannuleerd',
  },
  en: {
    pending: 'waiting to be sent',
    sending: 'being sent',
    sent: 'accepted by the mail server',
    failed: 'NOT DELIVERED',
    held: 'held',
    cancelled: 'cancelled',
  },
};

/** What a letter or internal mail is, by its outbox kind. */
/** Internal mail by name; the customer letters' names are the letters' own (letters/render.ts). */
const INTERNAL_LETTER_WORDS: Words = {
  nl: {
    assignment: 'toewijzing',
    'command-reply': 'antwoord op opdracht',
    reminder: 'herinnering',
    escalation: 'escalatie',
    'customer-message': 'doorgestuurd bericht van de klant',
    'contact-changed': 'brief nieuwe contactpersoon',
    'contact-reminder': 'herinnering klantcontact',
    'forged-command-alert': 'waarschuwing vervalste opdracht',
    'bounce-alert': 'melding onbestelbare brief',
    'auto-reply-hold': 'melding automatische brieven vastgehouden',
    'objection-notice': 'melding mogelijk bezwaar',
    digest: 'dagoverzicht',
    'learnings-report': 'leerpuntenrapport',
  },
  en: {
    assignment: 'assignment',
    'command-reply': 'command reply',
    reminder: 'reminder',
    escalation: 'escalation',
    'customer-message': "customer's message forwarded",
    'contact-changed': 'new contact person letter',
    'contact-reminder': 'customer contact reminder',
    'forged-command-alert': 'forged command alert',
    'bounce-alert': 'undelivered letter alert',
    'auto-reply-hold': 'automatic letters held alert',
    'objection-notice': 'possible objection notice',
    digest: 'daily digest',
    'learnings-report': 'learnings report',
  },
};

const customerLetterWords = (lang: CliLanguage): Record<string, string> =>
  Object.fromEntries(Object.entries(LETTER_NAMES_IN_WORDS).map(([kind, words]) => [kind, words[lang]]));

export const LETTER_WORDS: Words = {
  nl: { ...customerLetterWords('nl'), ...INTERNAL_LETTER_WORDS.nl },
  en: { ...customerLetterWords('en'), ...INTERNAL_LETTER_WORDS.en },
};

export const wordFor = (table: Words, lang: CliLanguage, code: string): string =>
  table[lang][code] ?? (code.startsWith('notice-') ? (lang === 'nl' ? 'melding' : 'notice') : code);
