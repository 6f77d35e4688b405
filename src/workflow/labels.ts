import type { Language } from '../text/language.js';
import type { DeadlineKind, NotifyWhat } from '../procedure/types.js';

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
  'record-learning': { nl: 'Leg de learnings van deze klacht vast', en: 'Record the learnings of this complaint' },
  reopened: { nl: 'Klacht heropend', en: 'Complaint reopened' },
};
