// Every mail the desk sends its own people is prose in their language (issue 10, point 2): two
// tenants through a realistic conversation over the Maildir source and the file transport —
// commands that work, a refused and a misspelled one, #status, a forged command, a customer's
// answer, reminders, escalations, the digest and the learnings report — and then every mail to a
// person is checked: no ISO timestamps or bare YYYY-MM-DD dates, no field names or key: value
// dumps, no raw state or event ids, no English in a Dutch mail and no Dutch in the mail of the one
// person whose `language: en` in a Dutch tenant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../src/config/load.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { maildirFlow } from '../helpers/maildirFlow.js';
import type { ReceivedMessage } from '../helpers/smtpSink.js';
import { writeTestConfig } from '../helpers/testConfig.js';

const PS = 'purasec';
const PA = 'preact';

/** The tenants' people: Eva reads English in the Dutch tenant PuraSec. */
const PEOPLE: Record<string, 'nl' | 'en'> = {
  'daan.bakker@example.nl': 'nl',
  'eva.visser@example.nl': 'en',
  'management@example.nl': 'nl',
  'anna.devries@example.nl': 'nl',
  'bram.jansen@example.nl': 'nl',
  'directie@example.nl': 'nl',
};

const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:/;
const BARE_DATE = /\b\d{4}-\d{2}-\d{2}\b/;
/** Field names of effect data and letter data, and key: value dumps of them. */
const FIELD_NAMES =
  /(?:^|\n)\s*-?\s*(?:dueAt|handlerId|receivedAt|acknowledgementDue|stillWaiting|closedReason|previous|assignment|missing|fields|late|body|reason):\s|\b(?:dueAt|handlerId|receivedAt|acknowledgementDue|stillWaiting|closedReason)\b/;
const CAMEL_CASE = /(?<![\w.@/-])[a-z]+[A-Z][A-Za-z]*\b/;
/** Raw ids of states, events and notices, and the history's codes. */
const RAW_IDS =
  /\b(?:new|awaiting-information|admissibility-check|in-treatment|outcome-sent|hearing-scheduled|objection-window|information-requested|information-received|record-learning|assignment-needed|decision-due|letter-accepted|cause-recorded|learning-recorded|service-set)\b|\b(?:procedure|letter|mail|person|deadline):[a-z]/;
const ENGLISH =
  /\b(?:the|complaint|deadline|done|sent|possible now|next|learnings?|learning\(s\)|did you mean|not allowed|choose|missing|overdue|none|allowed|is now|reply|unknown command|waiting|founded|unfounded|partly|upheld|rejected)\b|\(s\)/i;
const DUTCH = /\b(?:de klacht|klacht|termijn|uitgevoerd|verstuurd|klant|niet|wacht|opdracht|geen|mogelijk|einde van de dag|uiterlijk)\b/i;

/** What a person sees as prose: the text part and the HTML part without its markup, plus the subject. */
function readable(m: ReceivedMessage): string[] {
  const html = String(m.parsed.html || '')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&(?:ldquo|rdquo|quot);/g, '"')
    .replace(/&[a-z]+;|&#\d+;/g, ' ');
  return [m.parsed.subject ?? '', m.parsed.text ?? '', html];
}

describe('internal mail is prose in the reader’s language', () => {
  let cfg: LoadedConfig;
  let daemon: Daemon;
  const clock = new ManualClock('2026-11-16T09:00:00Z');
  const flow = maildirFlow({ config: () => cfg, daemon: () => daemon, clock, idPrefix: 'prose' });
  const { last, idOf } = flow;
  /** Text people quote back to the desk (customers' words, commands as typed): shown as written, not checked. */
  const quoted: string[] = [];
  const send = async (tenant: string, from: string, subject: string, body: string, inReplyTo?: string) => {
    quoted.push(subject.replace(/^Re: /, ''), ...body.split('\n').filter((l) => l.trim() !== ''));
    return flow.send(tenant, { from, subject, body, ...(inReplyTo ? { inReplyTo } : {}) });
  };
  const job = async (name: 'reminders' | 'escalations' | 'digest' | 'learnings', at: string) => {
    clock.set(at);
    daemon.runJob(name, { now: clock.now() });
    await flow.settled();
  };

  beforeAll(async () => {
    cfg = writeTestConfig([
      {
        id: PS,
        overrides: {
          people: [
            { id: 'daan', name: 'Daan Bakker', email: 'daan.bakker@example.nl', phone: '+31 15 555 0201', role: 'handler' },
            { id: 'eva', name: 'Eva Visser', email: 'eva.visser@example.nl', phone: '+31 15 555 0202', role: 'handler', language: 'en' },
            { id: 'management', name: 'Frank Mulder', email: 'management@example.nl', role: 'manager' },
          ],
        },
      },
      { id: PA },
    ]);
    daemon = new Daemon({ config: cfg, log: silentLogger, clock });
    await daemon.start();
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it('runs a conversation in both tenants that produces every kind of internal mail', async () => {
    // PuraSec: a complete complaint (the service is recognised), waiting for the admissibility decision.
    await send(
      PS,
      'Karin <karin@klant.example>',
      'Klacht over de pentest',
      'Het rapport van 3 november was onvolledig. Karin de Boer, Bedrijf BV, 06-12345678',
    );
    const assignment = last('daan.bakker@example.nl', /toegewezen/);
    expect(assignment.parsed.text).toContain('Nu mogelijk:');
    expect(assignment.parsed.text).not.toMatch(/#bezwaar|#hoorzitting/);
    const daan = (subject: string, body = '') => send(PS, 'daan.bakker@example.nl', `Re: [PS-2026-0001] ${subject}`, body, idOf(assignment));

    await daan('#statsu');
    expect(last('daan.bakker@example.nl', /Niet uitgevoerd/).parsed.text).toContain('#statsu is geen opdracht. Bedoelt u #status?');
    await daan('#uitkomst gegrond', 'U krijgt een nieuw rapport.');
    const refused = last('daan.bakker@example.nl', /Niet uitgevoerd/).parsed.text ?? '';
    expect(refused).toMatch(/Wat nu wel kan: #/);
    expect(refused).not.toContain('did you mean');
    await daan('#status');
    expect(last('daan.bakker@example.nl', /Uitgevoerd/).parsed.text).toContain('PS-2026-0001: de klacht wacht op het oordeel over de ontvankelijkheid.');

    // The customer writes again (a follow-up the handler hears of).
    const request = last('karin@klant.example');
    await send(PS, 'Karin <karin@klant.example>', `Re: ${request.parsed.subject ?? ''}`, 'Het ging om de Pentest van 3 november 2026.', idOf(request));

    await daan('#ontvankelijk');
    await daan('#oorzaak', 'De planning van de testers liep uit.');
    await daan('#uitkomst gegrond', 'Wij sturen u binnen een week een volledig rapport.');
    const done = last('daan.bakker@example.nl', /Uitgevoerd/).parsed.text ?? '';
    expect(done).toContain('Verstuurd: uitkomstbrief aan karin@klant.example.');
    const learningNotice = last('daan.bakker@example.nl', /Leg vast wat we van deze klacht leren/).parsed.text ?? '';
    expect(learningNotice).toContain('#leerpunt');
    expect(learningNotice).not.toContain('#notitie');
    await daan('#leerpunt', 'Plan testers met marge.');

    // A second complaint goes to Eva (fewest open complaints), who reads English.
    await send(
      PS,
      'Piet <piet@klant.example>',
      'Klacht over de pentest planning',
      'De Pentest begon op 2 november 2026 te laat. Piet Jansen, Jansen BV, 06-22233344',
    );
    const evaAssignment = last('eva.visser@example.nl', /assigned/i);
    expect(evaAssignment.parsed.text).toContain('Possible now:');
    await send(PS, 'eva.visser@example.nl', 'Re: [PS-2026-0002] #stauts', '', idOf(evaAssignment));
    expect(last('eva.visser@example.nl', /Not done|refused/i).parsed.text).toContain('#stauts is not a command. Did you mean #status?');
    await send(PS, 'eva.visser@example.nl', 'Re: [PS-2026-0002] #status', '', idOf(evaAssignment));

    // A command in Daan's name that proves nothing: refused, and Daan is told.
    await send(PS, 'daan.bakker@example.nl', '[PS-2026-0002] #sluiten', '');
    last('daan.bakker@example.nl', /Geweigerd/);

    // PreAct: outcome, then the customer objects; management confirms and schedules nothing yet.
    await send(PA, 'Mark <mark@klant.example>', 'Klacht over de support', 'Mijn supportvraag is al twee weken niet beantwoord.');
    const anna = last('anna.devries@example.nl', /PA-2026-0001\] Klacht aan u toegewezen/);
    expect(anna.parsed.text).not.toMatch(/#ontvankelijk|#oorzaak|#leerpunt/);
    expect(anna.parsed.text).toContain('#bezwaar');
    await send(PA, 'anna.devries@example.nl', 'Re: [PA-2026-0001] #uitkomst deels', 'Wij hebben uw vraag alsnog beantwoord.', idOf(anna));
    const outcome = last('mark@klant.example', /PA-2026-0001/);
    await send(PA, 'Mark <mark@klant.example>', `Re: ${outcome.parsed.subject ?? ''}`, 'Ik ga hier niet mee akkoord en maak bezwaar.', idOf(outcome));
    const suspected = last('directie@example.nl', /Mogelijk bezwaar/);
    await send(PA, 'directie@example.nl', 'Re: [PA-2026-0001] #bezwaar', '', idOf(suspected));
    last('directie@example.nl', /Bezwaar ontvangen/);
    // The example in README.md ("Commands by email"), as Carla reads it.
    expect(last('directie@example.nl', /Uitgevoerd/).parsed.text).toContain(
      'Wat er is gebeurd:\n  - #bezwaar: uitgevoerd. De klacht is in bezwaar.\n  - Verstuurd: ontvangstbevestiging van het bezwaar aan mark@klant.example.\n  - U krijgt hierover een aparte melding.\n\n— complaintdesk',
    );

    // The scheduled mail: a reminder as Eva's deadline nears, escalations once deadlines passed, the digest, the learnings report.
    await job('reminders', '2026-11-27T08:30:00Z');
    await job('digest', '2026-11-17T08:30:00Z');
    await job('escalations', '2026-12-21T08:30:00Z');
    await job('reminders', '2026-12-21T08:30:00Z');
    await job('digest', '2026-12-21T08:30:00Z');
    await job('learnings', '2026-12-01T08:30:00Z');

    const kinds = new Set(
      (await flow.messages())
        .filter((m) => m.envelope.to.some((a) => a in PEOPLE))
        .map((m) => (m.parsed.subject ?? '').replace(/\[[A-Z]+-\d{4}-\d{4}\] /, '').split(/[:]/)[0]),
    );
    // The conversation reached every kind this test is about.
    for (const subject of [
      'Klacht aan u toegewezen',
      'Complaint assigned to you',
      'Uitgevoerd',
      'Niet uitgevoerd',
      'Not done',
      'Reminder',
      'Mogelijk bezwaar',
      'Bezwaar ontvangen',
      'Leg vast wat we van deze klacht leren',
      'Termijn verstreken',
      'Dagelijks klachtenoverzicht',
      'Leerpuntenrapport',
      'Geweigerd',
    ])
      expect(
        [...kinds].some((k) => (k ?? '').startsWith(subject)),
        `${subject} in ${[...kinds].join(' | ')}`,
      ).toBe(true);
  });

  it('every mail to a person is prose: local dates, no field names or raw ids, in their language only', async () => {
    const mails = (await flow.messages()).filter((m) => m.envelope.to.some((a) => a in PEOPLE));
    expect(mails.length).toBeGreaterThan(25);
    const problems: string[] = [];
    for (const m of mails) {
      const to = m.envelope.to.find((a) => a in PEOPLE)!;
      const lang = PEOPLE[to]!;
      for (let part of readable(m)) {
        for (const q of quoted) part = part.split(q).join(' ');
        // A reference, an address or a shell hint is no prose to check.
        part = part.replace(/\b[\w.+-]+@[\w.-]+\b/g, ' ').replace(/complaintdesk [a-z]+(?: --?[a-z]+(?: [a-z]+)?)*/g, ' ');
        const where = `${to} "${m.parsed.subject ?? ''}"`;
        const check = (re: RegExp, what: string) => {
          const hit = re.exec(part);
          if (hit) problems.push(`${where}: ${what} "${hit[0]}" in …${part.slice(Math.max(0, hit.index - 60), hit.index + 60).replace(/\s+/g, ' ')}…`);
        };
        check(ISO_INSTANT, 'ISO timestamp');
        check(BARE_DATE, 'bare date');
        check(FIELD_NAMES, 'field name');
        check(CAMEL_CASE, 'camelCase');
        check(RAW_IDS, 'raw id');
        check(lang === 'nl' ? ENGLISH : DUTCH, lang === 'nl' ? 'English in a Dutch mail' : 'Dutch in an English mail');
      }
    }
    expect(problems).toEqual([]);
  });
});
