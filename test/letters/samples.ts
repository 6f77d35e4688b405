/**
 * Sample data for every shipped letter, shaped as its caller builds it (queueLetter adds
 * `tenant`). `sample(name)` is complete: every optional field is present, so a template that
 * reads a field its type lacks shows up in letterContract.test.ts. `VARIANTS` are the branches
 * the golden test renders.
 */

import type { CommonData, CustomerLetter, LetterData, LetterName } from '../../src/letters/data.js';

type Data = Record<string, unknown>;
/** Return types spelled out: TypeScript then refuses a field the letter's contract lacks. */
type Sample<K extends LetterName> = LetterData<K> & CommonData;

export const REF = 'PS-2026-0007';
export const SCRIPT = '<script>alert(1)</script>';

export const tenant = { name: 'PuraSec B.V.', address: 'klachten@purasec.nl', footer: 'PuraSec B.V. · klachten@purasec.nl · +31 15 200 2193' };
// Friday 6 March 2026, 09:15 UTC = 10:15 in Amsterdam (CET).
const complaint = { reference: REF, subject: 'Rapportage pentest te laat', receivedAt: '2026-03-06T09:15:00.000Z', receivedDateOnly: false };
const customer = { name: 'Jan Klant', email: 'jan@klant.example' };
const contact = { name: 'Daan Bakker', email: 'daan.bakker@example.nl', phone: '+31 15 555 0201' };
// End of the local day: Thursday 30 April 2026 23:59:59.999 CEST.
const OBJECTION_UNTIL = '2026-04-30T21:59:59.999Z';
// Monday 20 April 2026, 12:30 UTC = 14:30 in Amsterdam (CEST).
const HEARING_AT = '2026-04-20T12:30:00.000Z';
const also = [
  { reference: 'PS-2026-0003', subject: `Eerdere klacht ${SCRIPT}` },
  { reference: 'PS-2026-0005', subject: 'Nog een' },
];
const digestItem = (reference: string, detail: string, handler = 'Daan Bakker') => ({ reference, subject: `Klacht ${reference} & "meer"`, handler, detail });

function customerLetter(): CommonData & CustomerLetter {
  return {
    tenant,
    complaint: { ...complaint, topic: complaint.subject },
    customer: { ...customer, phone: '+31 6 1234 5678' },
    contact: { ...contact },
    alsoConcerning: [],
  };
}

const SAMPLES = {
  acknowledgement: (): Sample<'acknowledgement'> => ({
    ...customerLetter(),
    information: {
      missing: ['contact', 'service', 'date', 'description'],
      question: 'Welk rapport?\nEn welk project?',
      services: ['Pentest', 'Vulnerability scan'],
    },
    alsoConcerning: also,
  }),
  'information-request': (): Sample<'information-request'> => ({
    ...customerLetter(),
    missing: ['contact', 'service', 'date', 'description'],
    services: ['Pentest', 'Security Operations Center', 'Vulnerability scan'],
    question: 'Om welk rapport gaat het precies?\nWilt u ook het projectnummer noemen?',
  }),
  inadmissible: (): Sample<'inadmissible'> => ({
    ...customerLetter(),
    justification: 'Uw klacht betreft de dienstverlening van een andere leverancier.\nWij verwijzen u graag naar die partij.',
  }),
  'handler-message': (): Sample<'handler-message'> => ({
    ...customerLetter(),
    body: 'Ik heb u vanochtend geprobeerd te bellen.\n\nKunt u mij terugbellen?',
    // The handler's own salutation and sign-off (text/letterFrame.ts); null: the letter greets and signs.
    salutation: null,
    closing: null,
    handler: { name: 'Eva Visser' },
  }),
  // After #toewijzen: Daan Bakker (contact) takes over from Eva Visser.
  'contact-changed': (): Sample<'contact-changed'> => ({
    ...customerLetter(),
    previous: { name: 'Eva Visser' },
  }),
  outcome: (): Sample<'outcome'> => ({
    ...customerLetter(),
    verdict: 'partly',
    body: 'Het rapport is twee weken te laat opgeleverd.\nWij crediteren 10% van het projectbedrag.',
    serviceChanges: 'Wij leggen de opleverdatum voortaan vast in de opdrachtbevestiging.',
    objection: { until: OBJECTION_UNTIL, to: 'directie@example.nl', hearing: true },
  }),
  // Friday 10 April 2026, 08:00 UTC = 10:00 CEST.
  'objection-received': (): Sample<'objection-received'> => ({
    ...customerLetter(),
    objection: { receivedAt: '2026-04-10T08:00:00.000Z', hearing: true, decisionWithin: { count: 4, unit: 'weeks' } },
    management: { name: 'Frank Mulder', phone: '+31 15 555 0200' },
  }),
  'hearing-invitation': (): Sample<'hearing-invitation'> => ({
    ...customerLetter(),
    hearing: { at: HEARING_AT, mode: 'office', note: 'U kunt parkeren op ons eigen terrein.\nMeld u bij de receptie.' },
    management: { name: 'Frank Mulder', phone: '+31 15 555 0200' },
    address: ['Kanaalweg 1', '2628 EB Delft'],
    decisionWithin: { count: 4, unit: 'weeks' },
  }),
  decision: (): Sample<'decision'> => ({
    ...customerLetter(),
    verdict: 'rejected',
    body: 'Na het gesprek op 20 april blijven wij bij ons oordeel.',
    management: { name: 'Frank Mulder', phone: '+31 15 555 0200' },
  }),
  closing: (): Sample<'closing'> => ({ ...customerLetter(), body: 'De creditnota is op 12 maart verstuurd.', objectionWindow: null }),
  assignment: (): Sample<'assignment'> => ({
    tenant,
    person: { name: 'Daan Bakker' },
    complaint: {
      ...complaint,
      description: 'Het pentestrapport kwam twee weken te laat.\nDaardoor liep onze audit vertraging op.',
      service: 'Pentest',
      channel: 'email',
      incidentDate: '2026-03-04',
    },
    customer: { ...customer, phone: '+31 6 1234 5678' },
    deadlines: [
      { label: 'Ontvangstbevestiging', dueAt: '2026-03-10T22:59:59.999Z', status: 'open' },
      { label: 'Uitkomst (gepauzeerd)', dueAt: '2026-03-20T22:59:59.999Z', status: 'paused' },
    ],
    cheatSheet: {
      now: ['#antwoord — bericht aan de klant', '#notitie — interne notitie', '#status — stand van zaken'],
      later: ['#uitkomst gegrond|deels|ongegrond — uitkomstbrief', '#leerpunt — leg een leerpunt vast'],
    },
  }),
  'command-reply': (): Sample<'command-reply'> => ({
    tenant,
    person: { name: 'Daan Bakker' },
    complaint: { reference: REF, subject: complaint.subject },
    ok: true,
    command: '#uitkomst deels',
    lines: [
      '#uitkomst: uitgevoerd. De klacht is beantwoord: de uitkomst is verstuurd.',
      'Verstuurd: uitkomstbrief aan jan@klant.example.',
      'Volgende termijn: Einde bezwaartermijn, uiterlijk donderdag 30 april, einde van de dag.',
    ],
  }),
  reminder: (): Sample<'reminder'> => ({
    tenant,
    person: { name: 'Daan Bakker' },
    complaint: { reference: REF, subject: complaint.subject },
    deadline: { label: 'Uitkomst', dueAt: '2026-03-20T22:59:59.999Z' },
    workingDaysLeft: 2,
    next: 'Stuur de klant de uitkomst van het onderzoek.',
    commands: ['#uitkomst gegrond|deels|ongegrond', '#opvragen'],
    late: false,
  }),
  escalation: (): Sample<'escalation'> => ({
    tenant,
    person: { name: 'Frank Mulder' },
    complaint: { reference: REF, subject: complaint.subject },
    deadline: { label: 'Uitkomst', dueAt: '2026-03-20T22:59:59.999Z' },
    overdueDays: 3,
    handler: { name: 'Daan Bakker' },
  }),
  'contact-reminder': (): Sample<'contact-reminder'> => ({
    tenant,
    person: { name: 'Daan Bakker' },
    complaint: { reference: REF, subject: complaint.subject },
    customer: { name: 'Jan Jansen', email: 'jan@example.com', phone: '+31 6 1234 5678' },
    contactPerson: true,
    outcomeDueAt: '2026-03-20T22:59:59.999Z',
    workingDaysLeft: 5,
    commands: { called: '#gebeld', reply: '#antwoord' },
  }),
  'forged-command-alert': (): Sample<'forged-command-alert'> => ({
    tenant,
    person: { name: 'Daan Bakker' },
    complaint: { reference: REF, subject: complaint.subject },
    // Monday 9 March 2026, 10:00 UTC = 11:00 CET.
    attempt: {
      from: 'daan.bakker@example.nl',
      subject: `Re: [${REF}] #sluiten`,
      at: '2026-03-09T10:00:00.000Z',
      reason: 'no DKIM pass recorded by the trusted mail server',
    },
    notMailed: { count: 3, since: '2026-03-09T09:10:00.000Z' },
  }),
  'objection-notice': (): Sample<'objection-notice'> => ({
    tenant,
    person: { name: 'Frank Mulder' },
    complaint: { reference: REF, subject: complaint.subject },
    excerpt: 'Ik ben het niet eens met deze afhandeling.\nIk maak bezwaar.',
    until: OBJECTION_UNTIL,
  }),
  'auto-reply-hold': (): Sample<'auto-reply-hold'> => ({
    tenant,
    person: { name: 'Frank Mulder' },
    hold: { count: 31, limit: 30, since: HEARING_AT, tenantId: 'purasec' },
  }),
  'bounce-alert': (): Sample<'bounce-alert'> => ({
    tenant,
    person: { name: 'Daan Bakker' },
    complaint: { reference: REF, subject: complaint.subject },
    bounced: {
      kind: 'outcome',
      to: 'jan@klant.example',
      diagnostic: '550 5.1.1 <jan@klant.example>: user unknown',
      subject: `[${REF}] Onze reactie op uw klacht`,
    },
  }),
  notice: (): Sample<'notice'> => ({
    tenant,
    person: { name: 'Frank Mulder' },
    complaint: { reference: REF, subject: complaint.subject, receivedAt: complaint.receivedAt, description: 'Beschrijving', service: null, channel: 'email' },
    title: 'Nieuwe klacht zonder contactpersoon: wijs een behandelaar toe',
    lines: [
      'Er was niemand beschikbaar om de klacht automatisch aan toe te wijzen.',
      'De ontvangstbevestiging met de naam van de contactpersoon moet uiterlijk dinsdag 10 maart, einde van de dag verstuurd zijn.',
    ],
    deadlines: [{ label: 'Ontvangstbevestiging', dueAt: '2026-03-10T22:59:59.999Z', status: 'open' }],
    commands: ['#toewijzen NAAM — wijs de klacht toe', '#notitie — interne notitie'],
  }),
  digest: (): Sample<'digest'> => ({
    tenant,
    person: { name: 'Frank Mulder' },
    digest: {
      date: '2026-03-09T07:30:00.000Z',
      since: '2026-03-06T07:30:00.000Z',
      quiet: false,
      newComplaints: [digestItem('PS-2026-0007', 'Pentest'), digestItem('PS-2026-0008', '', '')],
      dueToday: [digestItem('PS-2026-0001', 'Uitkomst')],
      dueTomorrow: [digestItem('PS-2026-0002', 'Ontvangstbevestiging')],
      noContact: [digestItem('PS-2026-0009', 'Inhoudelijke reactie (uitkomst): nog 3 werkdagen')],
      overdue: [digestItem('PS-2026-0003', 'Uitkomst — 3 dagen over tijd')],
      waiting: [digestItem('PS-2026-0004', '')],
      objections: [digestItem('PS-2026-0005', 'bezwaar')],
      closed: [digestItem('PS-2026-0006', '')],
      quarantineOpen: 2,
      unclassified: 1,
      tooOld: 4,
      held: 5,
      undelivered: [
        digestItem('PS-2026-0007', 'uitkomstbrief aan jan@klant.example — melding van de mailserver: "550 user unknown"'),
        { reference: '', subject: '', handler: '', detail: 'e-mail aan x@example.nl — melding van de mailserver: "421 try later"' },
      ],
      learnings: [digestItem('PS-2026-0006', 'Opleverdatum vastleggen <b>'), { reference: '#12', subject: '', handler: '', detail: 'Los' }],
      figures: {
        open: 7,
        ack30: '100% (3 van 3)',
        ack90: '90% (9 van 10)',
        answered30: 'nog geen',
        answered90: '50% (1 van 2)',
        medianDaysToOutcome: '12,5 dagen',
      },
    },
  }),
  'learnings-report': (): Sample<'learnings-report'> => ({
    tenant,
    person: { name: 'Frank Mulder' },
    month: '2026-02',
    count: 3,
    services: [
      { service: '', learnings: [{ reference: 'PS-2026-0001', body: 'Bevestig binnen een dag & bel' }] },
      {
        service: 'Pentest',
        learnings: [
          { reference: 'PS-2026-0002', body: 'Opleverdatum vastleggen' },
          { reference: 'PS-2026-0003', body: '<i>Rapport</i> eerder delen' },
        ],
      },
    ],
  }),
  'customer-message': (): Sample<'customer-message'> => ({
    tenant,
    person: { name: 'Daan Bakker' },
    complaint: { reference: REF, subject: complaint.subject },
    customer: { ...customer },
    from: { name: customer.name, email: customer.email, isCustomer: true },
    // Monday 9 March 2026, 10:00 UTC = 11:00 CET.
    receivedAt: '2026-03-09T10:00:00.000Z',
    text: 'Hierbij de factuur waar ik het over had.\nHet ging om project 2026-114.\n\nMet vriendelijke groet,\nJan Klant\n06-12345678',
    quoted: 'Op 6 mrt 2026 om 10:20 schreef PuraSec B.V. <klachten@purasec.nl>:\n> Beste Jan Klant,\n> Wij hebben uw klacht ontvangen.',
    quotedShortened: true,
    attachments: [
      { filename: 'factuur-2026-114.pdf', contentType: 'application/pdf', size: '48,2 kB', stored: true },
      { filename: null, contentType: 'image/png', size: '31,4 MB', stored: false },
    ],
    effect: 'information-complete',
    missing: [],
    deadline: { label: 'Inhoudelijke reactie (uitkomst)', dueAt: '2026-03-20T22:59:59.999Z' },
    until: OBJECTION_UNTIL,
    closedAt: '2026-03-02T15:00:00.000Z',
    commands: { reply: '#antwoord', note: '#notitie', reopen: '#heropenen', objection: '#bezwaar', noObjection: '#geenbezwaar' },
  }),
} satisfies { [K in LetterName]: () => LetterData<K> & CommonData };

export type SampleName = keyof typeof SAMPLES;
export const SAMPLE_NAMES = Object.keys(SAMPLES) as SampleName[];

/** A fresh, complete sample for a letter. */
export function sample<K extends SampleName>(name: K): ReturnType<(typeof SAMPLES)[K]> {
  return structuredClone(SAMPLES[name]()) as ReturnType<(typeof SAMPLES)[K]>;
}

/** A copy with one field set (dotted path); `undefined` deletes it. */
export function withField<T extends object>(data: T, path: string, value: unknown): T {
  const copy = structuredClone(data) as Record<string, unknown>;
  const parts = path.split('.');
  let obj = copy;
  for (const p of parts.slice(0, -1)) obj = obj[p] as Record<string, unknown>;
  if (value === undefined) delete obj[parts.at(-1)!];
  else obj[parts.at(-1)!] = value;
  return copy as T;
}

export interface Variant {
  letter: SampleName;
  /** File-name-safe label, unique per letter. */
  label: string;
  data: Data;
  /** Deliberately outside the letter's data contract (an unknown verdict, a missing field): the render must throw. */
  invalid?: boolean;
}

const v = (letter: SampleName, label: string, edit: (d: Data) => Data = (d) => d, invalid = false): Variant => ({
  letter,
  label,
  data: edit(sample(letter) as unknown as Data),
  ...(invalid ? { invalid } : {}),
});
const set =
  (...pairs: Array<[string, unknown]>) =>
  (d: Data) =>
    pairs.reduce((acc, [p, val]) => withField(acc, p, val), d);
const del = (path: string) => (d: Data) => withField(d, path, undefined);

const CUSTOMER_LETTERS: SampleName[] = [
  'acknowledgement',
  'information-request',
  'inadmissible',
  'handler-message',
  'contact-changed',
  'outcome',
  'objection-received',
  'hearing-invitation',
  'decision',
  'closing',
];

/** Every branch of every letter the golden test pins down. */
export const VARIANTS: Variant[] = [
  ...SAMPLE_NAMES.map((name) => v(name, 'full')),
  // Customer text is escaped in HTML, verbatim in text, header-safe in subjects; never compiled.
  ...CUSTOMER_LETTERS.map((name) =>
    v(
      name,
      'hostile',
      set(
        ['complaint.subject', `Klacht\r\nBcc: x@evil.example ${SCRIPT} {{tenant.name}} &amp; "q" 'a' \`b\` =`],
        ['complaint.topic', `Bcc: x@evil.example ${SCRIPT} {{tenant.name}} &amp; "q" 'a' \`b\` =`],
        ['customer.name', 'Jansen & Zn "Bouw" <b> {{contact.email}}'],
      ),
    ),
  ),
  ...CUSTOMER_LETTERS.map((name) => v(name, 'no-phone', set(['contact.phone', null]))),
  ...CUSTOMER_LETTERS.map((name) => v(name, 'empty-phone', set(['contact.phone', '']))),
  // A subject that says no more than "Klacht": never quoted as if it were a title.
  ...CUSTOMER_LETTERS.map((name) => v(name, 'generic-subject', set(['complaint.subject', 'Klacht'], ['complaint.topic', null]))),
  // Nobody assigned: the company is the contact and signs once.
  ...CUSTOMER_LETTERS.map((name) => v(name, 'company-contact', set(['contact', { name: tenant.name, email: tenant.address, phone: null }]))),
  // A tenant without a footer: the signature names the company.
  ...CUSTOMER_LETTERS.map((name) => v(name, 'no-footer', set(['tenant.footer', '']))),
  ...SAMPLE_NAMES.filter((n) => !['auto-reply-hold', 'learnings-report', 'digest'].includes(n)).map((name) =>
    v(name, 'no-reference', del('complaint.reference'), true),
  ),
  ...CUSTOMER_LETTERS.map((name) => v(name, 'no-tenant-footer', del('tenant.footer'), true)),
  ...CUSTOMER_LETTERS.map((name) => v(name, 'no-customer', del('customer'), true)),
  ...['acknowledgement', 'information-request', 'inadmissible', 'outcome', 'closing'].map((name) =>
    v(name as SampleName, 'no-contact-name', del('contact.name'), true),
  ),

  v('acknowledgement', 'plain', set(['information', null], ['alsoConcerning', []])),
  // Registered by phone with a date and no time: the day only, no invented hour.
  v(
    'acknowledgement',
    'date-only',
    set(['information', null], ['alsoConcerning', []], ['complaint.receivedAt', '2026-03-05T23:00:00.000Z'], ['complaint.receivedDateOnly', true]),
  ),
  v('assignment', 'date-only', set(['complaint.receivedAt', '2026-03-05T23:00:00.000Z'], ['complaint.receivedDateOnly', true])),
  v('acknowledgement', 'info-missing-only', set(['information.question', null], ['information.missing', ['service', 'date']], ['alsoConcerning', []])),
  v('acknowledgement', 'info-question-only', set(['information.missing', []])),
  v('acknowledgement', 'info-no-services', set(['information.services', []], ['information.missing', ['service']])),
  v('acknowledgement', 'info-unknown-item', set(['information.missing', ['contact', 'shoe size']]), true),

  v('information-request', 'also-concerning', set(['alsoConcerning', also])),
  v('information-request', 'service-only-no-catalogue', set(['missing', ['service']], ['services', []], ['question', null])),
  v('information-request', 'question-only', set(['missing', []])),
  v('information-request', 'nothing', set(['missing', []], ['question', null])),
  v('information-request', 'hostile-question', set(['question', `${SCRIPT}\n{{tenant.name}}`])),
  v('information-request', 'unknown-item', set(['missing', ['contact', 'shoe size']]), true),

  v('inadmissible', 'hostile-justification', set(['justification', `Zie ${SCRIPT} & "bijlage"`])),
  v('handler-message', 'hostile-body', set(['body', `${SCRIPT}\n{{tenant.name}}`])),
  v('handler-message', 'own-salutation', set(['salutation', 'Beste meneer Klant,'])),
  v('handler-message', 'own-frame', set(['salutation', 'Beste meneer Klant,'], ['closing', 'Groet,\nEva Visser\nAnalist'])),
  v('handler-message', 'hostile-frame', set(['salutation', `Beste ${SCRIPT},`], ['closing', `Groet,\n{{tenant.name}} ${SCRIPT}`])),
  v('handler-message', 'no-handler', del('handler'), true),

  v('contact-changed', 'no-previous', set(['previous', null])),
  v('contact-changed', 'hostile-previous', set(['previous', { name: `${SCRIPT} {{tenant.name}}` }])),
  v('contact-changed', 'no-contact-name', del('contact.name'), true),
  v('outcome', 'founded', set(['verdict', 'founded'])),
  v('outcome', 'unfounded', set(['verdict', 'unfounded'])),
  v('outcome', 'no-changes-no-objection', set(['serviceChanges', null], ['objection', null])),
  v('outcome', 'objection-no-hearing', set(['objection.hearing', false])),
  v('outcome', 'hostile-body', set(['body', `Oplossing: ${SCRIPT}`], ['serviceChanges', '<img src=x onerror=alert(1)>'])),
  v('outcome', 'unknown-verdict', set(['verdict', 'gegrond']), true),

  v('hearing-invitation', 'phone', set(['hearing.mode', 'phone'], ['hearing.note', null])),
  v('hearing-invitation', 'phone-number-unknown', set(['hearing.mode', 'phone'], ['customer.phone', null])),
  v('hearing-invitation', 'open-number-unknown', set(['hearing.mode', null], ['customer.phone', null], ['hearing.note', null])),
  v('hearing-invitation', 'hostile-note', set(['hearing.note', `${SCRIPT}\n{{tenant.name}}`])),
  v('hearing-invitation', 'open-no-phone-no-address', set(['hearing.mode', null], ['management.phone', null], ['address', null])),
  v('hearing-invitation', 'open-with-address', set(['hearing.mode', null])),
  v('hearing-invitation', 'office-no-address', set(['address', null])),
  v('hearing-invitation', 'office-no-address-no-phone', set(['address', null], ['customer.phone', null], ['hearing.note', null])),
  v('hearing-invitation', 'office-no-phone', set(['customer.phone', null])),
  v('hearing-invitation', 'hostile-address', set(['address', ['<b>Kanaalweg</b> 1 & "zo"', '{{tenant.name}}']])),
  v('hearing-invitation', 'working-days', set(['decisionWithin', { count: 10, unit: 'workingDays' }])),
  v('objection-received', 'thirty-days', set(['objection.decisionWithin', { count: 30, unit: 'days' }])),
  v('objection-received', 'unknown-period-unit', set(['objection.decisionWithin', { count: 4, unit: 'months' }]), true),
  v('objection-received', 'no-hearing', set(['objection.hearing', false], ['objection.decisionWithin', { count: 1, unit: 'weeks' }])),

  v('decision', 'upheld', set(['verdict', 'upheld'])),
  v('decision', 'partly', set(['verdict', 'partly'])),
  v('decision', 'hostile-body', set(['body', SCRIPT])),
  v('decision', 'unknown-verdict', set(['verdict', 'founded']), true),

  v('closing', 'no-note', set(['body', null])),
  v('closing', 'objection-window-ended', set(['body', null], ['objectionWindow', { until: OBJECTION_UNTIL }])),
  v('closing', 'hostile-note', set(['body', SCRIPT])),

  v('assignment', 'phone-channel-unknowns', set(['complaint.service', null], ['complaint.channel', 'phone'], ['customer.phone', null])),
  v('assignment', 'contact-person-channel', set(['complaint.channel', 'contact-person'])),
  v('assignment', 'forwarded-channel', set(['complaint.channel', 'forwarded'])),
  v('assignment', 'other-channel', set(['complaint.channel', 'fax'])),
  v('assignment', 'empty-description', set(['complaint.description', ''])),
  v('assignment', 'no-deadlines', set(['deadlines', []])),
  v('assignment', 'hostile', set(['complaint.description', SCRIPT], ['customer.name', 'Jansen & Zn <b>'])),
  v('assignment', 'no-description', del('complaint.description'), true),

  v('command-reply', 'refused', set(['ok', false], ['command', '#uitkomts deels'], ['lines', ['#uitkomts is geen opdracht. Bedoelt u #uitkomst?']])),
  v('command-reply', 'no-complaint', set(['complaint', null], ['ok', false], ['command', '#registreer'], ['lines', ['Beschrijving ontbreekt']])),
  v('command-reply', 'no-lines', set(['lines', []])),
  v('command-reply', 'hostile', set(['ok', false], ['lines', [SCRIPT]])),

  v('reminder', 'today', set(['workingDaysLeft', 0])),
  v('reminder', 'one-day', set(['workingDaysLeft', 1])),
  v('reminder', 'no-commands', set(['commands', []])),

  v('contact-reminder', 'no-contact-person', set(['contactPerson', false], ['customer.phone', null])),
  v('contact-reminder', 'today-phone-only', set(['workingDaysLeft', 0], ['customer.name', ''], ['customer.email', ''])),

  v('escalation', 'unassigned-one-day', set(['handler', null], ['overdueDays', 1])),
  v('escalation', 'same-day', set(['overdueDays', 0])),

  v('forged-command-alert', 'first', del('notMailed')),
  v('forged-command-alert', 'one-not-mailed', set(['notMailed.count', 1])),
  v('forged-command-alert', 'no-complaint', set(['complaint', null])),
  v('forged-command-alert', 'hostile', set(['attempt.subject', `#sluiten ${SCRIPT}`], ['attempt.from', '"<x>" <evil@example.com>'])),

  v('objection-notice', 'hostile', set(['excerpt', SCRIPT])),

  v('notice', 'bare', set(['lines', []], ['deadlines', []], ['commands', []])),

  v('digest', 'quiet', (d) =>
    set([
      'digest',
      {
        ...(d.digest as Data),
        quiet: true,
        newComplaints: [],
        dueToday: [],
        dueTomorrow: [],
        noContact: [],
        overdue: [],
        waiting: [],
        objections: [],
        closed: [],
        undelivered: [],
        learnings: [],
        quarantineOpen: 0,
        unclassified: 0,
        tooOld: 0,
        held: 0,
      },
    ])(d),
  ),

  v('learnings-report', 'none', set(['count', 0], ['services', []])),

  v('customer-message', 'plain', set(['effect', 'none'], ['attachments', []], ['quoted', ''], ['quotedShortened', false])),
  v('customer-message', 'information-partial', set(['effect', 'information-partial'], ['missing', ['service', 'date']], ['deadline', null])),
  v('customer-message', 'information-complete-no-deadline', set(['deadline', null])),
  v('customer-message', 'objection-suspected', set(['effect', 'objection-suspected'], ['person.name', 'Frank Mulder'])),
  v('customer-message', 'objection', set(['effect', 'objection'])),
  v('customer-message', 'closed', set(['effect', 'closed'])),
  v('customer-message', 'closed-unknown-date', set(['effect', 'closed'], ['closedAt', null])),
  v(
    'customer-message',
    'third-party',
    set(['from', { name: 'Piet Collega', email: 'piet@klant.example', isCustomer: false }], ['effect', 'none'], ['quotedShortened', false]),
  ),
  v(
    'customer-message',
    'hostile',
    set(
      ['from.name', `Jan ＃sluiten ${SCRIPT}`],
      ['complaint.subject', `Klacht ${SCRIPT} {{tenant.name}}`],
      ['text', `${SCRIPT}\n{{tenant.name}}`],
      ['quoted', `> ${SCRIPT}`],
      ['attachments', [{ filename: `${SCRIPT}.pdf`, contentType: 'application/pdf', size: '1 kB', stored: true }]],
    ),
  ),
  v('customer-message', 'unknown-missing-item', set(['effect', 'information-partial'], ['missing', ['shoe size']]), true),
];
