import { LETTER_NAMES_IN_WORDS } from '../letters/render.js';
import type { Language } from '../text/language.js';
import type { ClosedReason, DeadlineKind, InfoField, LetterKind, NotifyWhat, ProcStateName } from '../procedure/types.js';

/** Deadline names as people read them in letters, notifications and `show`. */
export const DEADLINE_LABELS: Record<DeadlineKind, Record<Language, string>> = {
  acknowledgement: { nl: 'Ontvangstbevestiging met contactpersoon', en: 'Acknowledgement naming the contact person' },
  information: { nl: 'Antwoord van de klant op het informatieverzoek', en: "Customer's answer to the information request" },
  outcome: { nl: 'Inhoudelijke reactie (uitkomst)', en: 'Substantive response (outcome)' },
  'objection-window': { nl: 'Einde bezwaartermijn', en: 'End of the objection period' },
  decision: { nl: 'Schriftelijke uitspraak van de directie', en: "Management's written decision" },
};

/** Titles of internal notices the procedure asks for. */
export const NOTICE_TITLES: Record<NotifyWhat, Record<Language, string>> = {
  'assignment-needed': { nl: 'Nieuwe klacht zonder contactpersoon: wijs een behandelaar toe', en: 'New complaint without a contact person: assign a handler' },
  assigned: { nl: 'Klacht toegewezen', en: 'Complaint assigned' },
  'information-received': { nl: 'De klant heeft informatie aangevuld', en: 'The customer supplied information' },
  'objection-received': { nl: 'Bezwaar ontvangen', en: 'Objection received' },
  'decision-due': { nl: 'Uitspraak nodig: termijn loopt', en: 'Decision needed: the deadline is running' },
  'record-learning': { nl: 'Leg vast wat we van deze klacht leren', en: 'Record what we learn from this complaint' },
  reopened: { nl: 'Klacht heropend', en: 'Complaint reopened' },
};

/** Where a complaint stands, completing "De klacht …" / "The complaint …". */
export const STATE_LABELS: Record<ProcStateName, Record<Language, string>> = {
  new: { nl: 'is nieuw en nog niet bevestigd', en: 'is new and not yet acknowledged' },
  'awaiting-information': { nl: 'wacht op informatie van de klant', en: 'is waiting for information from the customer' },
  'admissibility-check': { nl: 'wacht op het oordeel over de ontvankelijkheid', en: 'is waiting for the admissibility decision' },
  'in-treatment': { nl: 'is in behandeling', en: 'is being handled' },
  'outcome-sent': { nl: 'is beantwoord: de uitkomst is verstuurd', en: 'has been answered: the outcome was sent' },
  objection: { nl: 'is in bezwaar', en: 'is in objection' },
  'hearing-scheduled': { nl: 'is in bezwaar en de hoorzitting is gepland', en: 'is in objection and the hearing is scheduled' },
  heard: { nl: 'is gehoord en wacht op de uitspraak van de directie', en: "has been heard and waits for management's decision" },
  closed: { nl: 'is afgesloten', en: 'is closed' },
};

/** Letters to the customer by name, as a person reads "… sent to karin@…". */
export const LETTER_LABELS: Record<LetterKind, Record<Language, string>> = LETTER_NAMES_IN_WORDS as Record<LetterKind, Record<Language, string>>;

/** The pieces of information a complaint can require, as a list item. */
export const INFO_FIELD_LABELS: Record<InfoField, Record<Language, string>> = {
  contact: { nl: 'contactgegevens', en: 'contact details' },
  service: { nl: 'de dienst', en: 'the service' },
  date: { nl: 'de datum van het voorval', en: 'the date of the incident' },
  description: { nl: 'een beschrijving', en: 'a description' },
};

/** Why a complaint was closed, completing "De klacht was afgesloten omdat …". */
export const CLOSED_REASON_LABELS: Record<ClosedReason, Record<Language, string>> = {
  closed: { nl: 'een behandelaar haar afsloot', en: 'a handler closed it' },
  inadmissible: { nl: 'ze niet-ontvankelijk is verklaard', en: 'it was declared inadmissible' },
  decision: { nl: 'de uitspraak van de directie is verstuurd', en: "management's decision was sent" },
  'objection-window-ended': { nl: 'de bezwaartermijn voorbij is zonder bezwaar', en: 'the objection period ended without an objection' },
};

/** "de dienst, de datum en een beschrijving" / "the service, the date and a description". */
export function listInWords(items: readonly string[], lang: Language): string {
  const and = lang === 'nl' ? 'en' : 'and';
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1] ?? ''}`;
}

/** "1 werkdag" / "3 werkdagen": a count with the right form of its noun. */
export function countOf(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
