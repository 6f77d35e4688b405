// The people of the simulated year: customers who write in (some leaving out what PuraSec needs,
// some objecting to PreAct's outcome, a few on the last day of the window), handlers who read the
// desk's mail and act on their assignments and reminders, and managers who confirm objections,
// hold hearings and decide. They see only what a person sees — the .eml files the file transport
// wrote, parsed with mailparser — and act only by writing mail into the tenant's Maildir, replying
// to a desk mail so its signed Message-ID authenticates them. Every act is scheduled on an agenda
// at a moment in the tenant's time zone; the year loop (year.test.ts) delivers what is due.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkingCalendar } from '../../src/calendar/types.js';
import { readSent } from '../helpers/maildirFlow.js';
import type { Mail } from '../helpers/mailFlow.js';

/** A small seeded PRNG (mulberry32): the same year every run. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p: number): boolean => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}
export type Rng = ReturnType<typeof prng>;

/** One mail the desk wrote, as the recipient's mail client shows it. */
export interface DeskMail {
  to: string;
  subject: string;
  text: string;
  messageId: string;
  /** From the signed Message-ID `cd.<ref>.<kind>.…`: what the mail is about, as its subject says in words. */
  ref: string | null;
  kind: string;
}

const OUR_ID = /^<?cd\.([A-Z]{1,6}-\d{4}-\d{4,}|none)\.([a-z][a-z0-9-]*)\./;
const WRITTEN = /\.eml$/;

/** Reads the file transport's output directories: each call returns the mails written since the last. */
export class MailReader {
  readonly #seen = new Set<string>();
  constructor(private readonly dirs: string[]) {}
  async fresh(): Promise<DeskMail[]> {
    const names: Array<{ dir: string; name: string }> = [];
    for (const dir of this.dirs) {
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir)) if (WRITTEN.test(name) && !this.#seen.has(name)) names.push({ dir, name });
    }
    names.sort((a, b) => (a.name < b.name ? -1 : 1));
    const out: DeskMail[] = [];
    for (const { dir, name } of names) {
      this.#seen.add(name);
      const m = await readSent(join(dir, name));
      const messageId = m.parsed.messageId ?? '';
      const id = OUR_ID.exec(messageId);
      for (const to of m.envelope.to)
        out.push({
          to: to.toLowerCase(),
          subject: m.parsed.subject ?? '',
          text: m.parsed.text ?? '',
          messageId,
          ref: id && id[1] !== 'none' ? id[1]! : null,
          kind: id?.[2] ?? 'unknown',
        });
    }
    return out;
  }
}

export interface Person {
  id: string;
  name: string;
  email: string;
  role: 'handler' | 'manager';
}

export interface TenantInfo {
  id: 'preact' | 'purasec';
  address: string;
  cal: WorkingCalendar;
  people: Person[];
  /** Cases one handler handed to a colleague: never handed back. */
  handedOver: Set<string>;
}

/** What someone will write, and when. */
export interface Act {
  at: Date;
  tenant: string;
  mail: Mail;
  /** Who acts, for the log of what happened. */
  who: string;
}

/** Scheduling in a tenant's local time. */
export class Diary {
  constructor(
    readonly cal: WorkingCalendar,
    private readonly rng: Rng,
  ) {}
  /** Local `YYYY-MM-DD` `n` working days after the local day of `from` (0: that day when it is a working day, else the next). */
  workingDay(from: Date, n: number): string {
    let d = this.cal.localDate(from);
    while (!this.cal.isWorkingDay(d)) d = addDays(d, 1);
    for (let i = 0; i < n; i++) {
      d = addDays(d, 1);
      while (!this.cal.isWorkingDay(d)) d = addDays(d, 1);
    }
    return d;
  }
  /** A moment in office hours (09:00–16:59) `n` working days after `from`, never before `from`. */
  officeTime(from: Date, n: number, earliestHour = 9, latestHour = 16): Date {
    for (let k = n; ; k++) {
      const at = this.cal.atLocalTime(this.workingDay(from, k), this.rng.int(earliestHour, latestHour), this.rng.int(0, 59));
      if (at > from) return at;
    }
  }
  /** Later on the same working day when there is time left (before 17:00), else the next working morning. */
  soon(from: Date, maxHours = 3): Date {
    const at = new Date(from.getTime() + this.rng.int(10, maxHours * 60) * 60_000);
    const day = this.cal.localDate(from);
    if (this.cal.isWorkingDay(day) && this.cal.localDate(at) === day && at < this.cal.atLocalTime(day, 17, 0)) return at;
    return this.officeTime(from, 1, 8, 10);
  }
}

export function addDays(isoDate: string, n: number): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const MONTHS_NL = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The date a letter names after "uiterlijk" / "by" / "until" (e.g. "uiterlijk donderdag 31 december 2026"), as YYYY-MM-DD. */
export function dateAfter(text: string, words: RegExp): string | null {
  const re = new RegExp(`${words.source}\\s+(?:[a-z]+,?\\s+)?(\\d{1,2})\\s+([A-Za-z]+)\\s+(\\d{4})`, 'i');
  const m = re.exec(text.replace(/\s+/g, ' '));
  if (!m) return null;
  const month = [MONTHS_NL, MONTHS_EN].map((ms) => ms.findIndex((x) => x.toLowerCase() === m[2]!.toLowerCase())).find((i) => i >= 0);
  if (month === undefined) return null;
  return `${m[3]}-${String(month + 1).padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
}

/** D-M-YYYY as the Dutch commands take it. */
export const dmy = (iso: string): string => `${Number(iso.slice(8, 10))}-${Number(iso.slice(5, 7))}-${iso.slice(0, 4)}`;

// --- customers ---

const SERVICES: Record<TenantInfo['id'], Array<{ word: string; en: string }>> = {
  preact: [
    { word: 'het maatwerk', en: 'the custom software' },
    { word: 'de hosting', en: 'the hosting' },
    { word: 'de helpdesk', en: 'the helpdesk' },
  ],
  purasec: [
    { word: 'de penetratietest', en: 'the penetration test' },
    { word: 'de SOC-monitoring', en: 'the SOC monitoring' },
    { word: 'de phishing simulatie', en: 'the phishing simulation' },
    { word: 'de kwetsbaarheidsscan', en: 'the vulnerability scanning' },
  ],
};

const PROBLEMS_NL = [
  'werkt al twee weken niet zoals afgesproken',
  'is veel te laat opgeleverd',
  'gaf ons onjuiste resultaten',
  'is meerdere dagen onbereikbaar geweest',
  'is duurder gefactureerd dan in de offerte stond',
];
const PROBLEMS_EN = ['has not worked as agreed for two weeks', 'was delivered far too late', 'gave us wrong results', 'was unreachable for several days'];

export interface CustomerScript {
  n: number;
  tenant: TenantInfo['id'];
  email: string;
  name: string;
  lang: 'nl' | 'en';
  arrival: Date;
  /** PuraSec: the complaint does not say which service; the customer names it when asked. */
  withoutService: boolean;
  /** PuraSec: the complaint does not say when it happened; the customer gives the date when asked. */
  withoutDate: boolean;
  /** PuraSec: a complaint about something PuraSec does not deliver (the handler finds it inadmissible). */
  outOfScope: boolean;
  /** PreAct: the customer objects to the outcome — on the window's last day at 16:00, or some days after the letter. */
  objects: 'no' | 'last-day' | 'early';
  /** PreAct, not objecting: replies to the outcome with a remark that reads a little like an objection but accepts it. */
  remarks: boolean;
  /** PreAct: the customer answers the contact person's message. */
  answersContact: boolean;
}

export class Customer {
  answeredRequests = 0;
  incident = '';
  objected = false;
  constructor(
    readonly s: CustomerScript,
    private readonly t: TenantInfo,
    private readonly rng: Rng,
    private readonly diary: Diary,
  ) {}

  complaint(): Act {
    const svc = this.rng.pick(SERVICES[this.s.tenant]);
    const nl = this.s.lang === 'nl';
    const day = this.diary.cal.localDate(this.s.arrival);
    // The incident some days before writing, as people put it ("Sinds 4 februari"), or no date at all.
    const incident = addDays(day, -this.rng.int(1, 12));
    const when = this.s.withoutDate
      ? nl
        ? 'Onlangs'
        : 'Recently'
      : nl
        ? `Sinds ${Number(incident.slice(8))} ${MONTHS_NL[Number(incident.slice(5, 7)) - 1]}`
        : `Since ${Number(incident.slice(8))} ${MONTHS_EN[Number(incident.slice(5, 7)) - 1]}`;
    this.incident = incident;
    let subject: string;
    let body: string;
    if (this.s.outOfScope) {
      subject = nl ? 'Klacht over de levering van laptops' : 'Complaint about the delivery of laptops';
      body = nl
        ? `${when} wachten wij op de laptops die wij bij een leverancier hebben besteld. Ik ben hier zeer ontevreden over en wil een oplossing.`
        : `${when} we have been waiting for the laptops we ordered from a supplier. I am very dissatisfied and expect a solution.`;
    } else if (this.s.withoutService) {
      subject = nl ? 'Klacht over jullie dienstverlening' : 'Complaint about your service';
      body = nl
        ? `${when} zijn wij ontevreden: het rapport was onvolledig en de communicatie liep slecht. Ik verwacht een oplossing.`
        : `${when} we have been unhappy: the report was incomplete and communication was poor. I expect a solution.`;
    } else {
      subject = nl ? `Klacht over ${svc.word}` : `Complaint about ${svc.en}`;
      body = nl
        ? `${when} ${svc.word} ${this.rng.pick(PROBLEMS_NL)}. Ik ben hier zeer ontevreden over en verwacht een oplossing.`
        : `${when} ${svc.en} ${this.rng.pick(PROBLEMS_EN)}. I am very dissatisfied with this and expect a solution.`;
    }
    body += nl ? `\n\nMet vriendelijke groet,\n${this.s.name}\nTel. 06 1234 ${String(1000 + this.s.n)}` : `\n\nKind regards,\n${this.s.name}`;
    return {
      at: this.s.arrival,
      tenant: this.s.tenant,
      who: this.s.email,
      mail: { from: `${this.s.name} <${this.s.email}>`, to: this.t.address, subject, body },
    };
  }

  /** A letter arrived; what the customer does about it. */
  read(m: DeskMail, now: Date): Act[] {
    const nl = this.s.lang === 'nl';
    const reply = (at: Date, body: string): Act => ({
      at,
      tenant: this.s.tenant,
      who: this.s.email,
      mail: { from: `${this.s.name} <${this.s.email}>`, to: this.t.address, subject: `Re: ${m.subject}`, inReplyTo: m.messageId, body },
    });
    // A request for information: the customer answers what the letter asks, one to four days later, at any hour, sometimes on a weekend.
    const asks = {
      service: /welke dienst|which service/i.test(m.text),
      date: /de datum waarop|the date on which/i.test(m.text),
    };
    if ((asks.service || asks.date) && this.answeredRequests < 2) {
      this.answeredRequests++;
      const day = Number(this.incident.slice(8));
      const month = Number(this.incident.slice(5, 7)) - 1;
      const parts = [
        ...(asks.service
          ? [nl ? 'Het gaat om de penetratietest die jullie voor ons hebben uitgevoerd.' : 'It concerns the penetration test you carried out for us.']
          : []),
        ...(asks.date
          ? [
              nl
                ? `Het speelde op ${day} ${MONTHS_NL[month]} ${this.incident.slice(0, 4)}.`
                : `It happened on ${day} ${MONTHS_EN[month]} ${this.incident.slice(0, 4)}.`,
            ]
          : []),
      ];
      return [reply(new Date(now.getTime() + this.rng.int(20, 100) * 3_600_000), parts.join(' '))];
    }
    if (m.kind === 'handler-message' && this.s.answersContact) {
      this.s.answersContact = false;
      return [
        reply(
          new Date(now.getTime() + this.rng.int(2, 30) * 3_600_000),
          nl ? 'Dank voor uw bericht. Bellen kan het beste in de ochtend.' : 'Thank you. Mornings are best for a call.',
        ),
      ];
    }
    if (m.kind === 'outcome' && this.s.objects === 'no' && this.s.remarks) {
      this.s.remarks = false;
      return [
        reply(
          new Date(now.getTime() + this.rng.int(24, 200) * 3_600_000),
          nl
            ? 'Dank u. Ik ben niet akkoord met de lange doorlooptijd, maar de oplossing accepteer ik en ik laat het hierbij.'
            : 'Thank you. I disagree with how long it took, but I accept the solution and will leave it at that.',
        ),
      ];
    }
    if (m.kind === 'outcome' && this.s.objects !== 'no' && !this.objected) {
      this.objected = true;
      const last = dateAfter(m.text, /(?:uiterlijk|later than|until|by)/);
      if (!last) throw new Error(`${m.ref}: the outcome letter names no last day to object:\n${m.text}`);
      const at =
        this.s.objects === 'last-day'
          ? this.diary.cal.atLocalTime(last, 16, 0)
          : new Date(Math.min(now.getTime() + this.rng.int(3, 18) * 86_400_000, this.diary.cal.atLocalTime(last, 12, 0).getTime()));
      const body = nl
        ? 'Ik ben het niet eens met deze afhandeling en maak hierbij bezwaar. De voorgestelde oplossing lost ons probleem niet op.'
        : 'I do not agree with this outcome and hereby object. The proposed solution does not solve our problem.';
      // Half of them write a new mail to the address the letter names for objections; the others reply to the letter.
      const to = /(?:per e-?mail (?:aan|naar)|by email to)\s+([^\s,;()]+@[^\s,;()]+[a-z])/i.exec(m.text.replace(/\s+/g, ' '))?.[1];
      if (to && this.rng.chance(0.5))
        return [
          {
            at,
            tenant: this.s.tenant,
            who: this.s.email,
            mail: {
              from: `${this.s.name} <${this.s.email}>`,
              to,
              subject: nl ? `Bezwaar tegen de afhandeling van klacht [${m.ref}]` : `Objection to the handling of complaint [${m.ref}]`,
              body,
            },
          },
        ];
      return [reply(at, body)];
    }
    return [];
  }
}

// --- the company's people ---

interface CaseMemory {
  ref: string;
  tenant: TenantInfo['id'];
  /** The newest desk mail to this person about the case: what they reply to. */
  lastMail: DeskMail;
  /** Acts only when reminded, and then only at the Nth reminder (0: the first). */
  waitsForReminder: boolean;
  patience: number;
  remindersSeen: number;
  contacted: boolean;
  admissibleDone: boolean;
  waitingForInfo: boolean;
  outcomeDone: boolean;
  outcomePlanned: boolean;
  learningDone: boolean;
  closed: boolean;
  outOfScope: boolean;
  // management
  objectionConfirmed: boolean;
  hearingDate: string | null;
  hearingTime: string | null;
  heard: boolean;
  decided: boolean;
  decisionPlanned: boolean;
}

/** A handler or manager: reads the desk's mail to them and answers with commands. */
export class Staff {
  readonly cases = new Map<string, CaseMemory>();
  /** Commands the desk refused, as the reply said: for the report. */
  readonly refused: string[] = [];
  constructor(
    readonly p: Person,
    private readonly t: TenantInfo,
    private readonly rng: Rng,
    private readonly diary: Diary,
    /** Colleagues to hand a case to. */
    private readonly colleagues: () => Person[],
  ) {}

  #command(c: CaseMemory, at: Date, tags: string, body = ''): Act {
    return {
      at,
      tenant: c.tenant,
      who: this.p.email,
      mail: {
        from: `${this.p.name} <${this.p.email}>`,
        to: this.t.address,
        subject: `Re: [${c.ref}] ${tags}`,
        inReplyTo: c.lastMail.messageId,
        body: body ? `${body}\n\nMet vriendelijke groet,\n${this.p.name}` : '',
      },
    };
  }

  #memory(m: DeskMail): CaseMemory | null {
    if (!m.ref) return null;
    let c = this.cases.get(m.ref);
    if (!c) {
      c = {
        ref: m.ref,
        tenant: this.t.id,
        lastMail: m,
        waitsForReminder: this.rng.chance(0.5),
        patience: this.rng.int(0, 2),
        remindersSeen: 0,
        contacted: false,
        admissibleDone: false,
        waitingForInfo: false,
        outcomeDone: false,
        outcomePlanned: false,
        learningDone: false,
        closed: false,
        outOfScope: /laptops/.test(m.text),
        objectionConfirmed: false,
        hearingDate: null,
        hearingTime: null,
        heard: false,
        decided: false,
        decisionPlanned: false,
      };
      this.cases.set(m.ref, c);
    }
    c.lastMail = m;
    return c;
  }

  /** Reads one desk mail to this person and returns what they will write about it, and when. */
  read(m: DeskMail, now: Date): Act[] {
    const c = this.#memory(m);
    if (!c) return [];
    const acts: Act[] = [];
    const refusedNow = m.kind === 'command-reply' && /niet uitgevoerd|not done/i.test(m.subject);
    if (refusedNow)
      this.refused.push(`${c.ref} ${this.p.id}: ${m.text.split('\n').find((l) => /#\w+/.test(l) && /niet|not|alleen|only/i.test(l)) ?? m.subject}`);

    if (this.p.role === 'handler') {
      if (m.kind === 'assignment') {
        // 1 in 20: the case is better with a colleague (workload, expertise); handed over at once.
        const other = this.colleagues().find((x) => x.id !== this.p.id && x.role === 'handler');
        if (other && !this.t.handedOver.has(c.ref) && this.rng.chance(0.05)) {
          this.t.handedOver.add(c.ref);
          this.cases.delete(c.ref);
          return [this.#command(c, this.diary.soon(now, 2), `#toewijzen ${other.name}`, 'Jij kent deze klant beter, wil jij deze oppakken?')];
        }
        // Most reach the customer within two working days; some only when reminded (or with the outcome).
        if (this.t.id === 'preact' && this.rng.chance(0.7)) acts.push(this.#contact(c, this.diary.officeTime(now, this.rng.int(0, 2))));
        if (this.t.id === 'purasec') acts.push(this.#admissibility(c, this.diary.officeTime(now, this.rng.int(0, 1))));
        // PreAct's outcome is due three weeks after receipt; PuraSec's after admissibility (below).
        if (this.t.id === 'preact' && !c.waitsForReminder) acts.push(...this.#outcome(c, this.diary.officeTime(now, this.rng.int(3, 9))));
      } else if (m.kind === 'customer-message' && c.waitingForInfo) {
        // The customer answered the request: now the admissibility can be judged (the desk says so if something is still missing).
        c.waitingForInfo = false;
        acts.push(this.#admissibility(c, this.diary.soon(now)));
      } else if (m.kind === 'command-reply' && refusedNow && /#ontvankelijk|#nietontvankelijk/.test(m.text) && !c.admissibleDone) {
        c.waitingForInfo = true; // still waiting on the customer; try again when the answer is forwarded
      } else if (m.kind === 'command-reply' && /#ontvankelijk|#nietontvankelijk/.test(m.text) && !refusedNow) {
        c.admissibleDone = true;
        if (c.outOfScope) c.closed = true;
        else if (!c.waitsForReminder) acts.push(...this.#outcome(c, this.diary.officeTime(now, this.rng.int(2, 6))));
      } else if (m.kind === 'command-reply' && /#uitkomst|#oorzaak/.test(m.text) && refusedNow) {
        c.outcomePlanned = false; // not possible yet: the next reminder brings it back
      } else if (m.kind === 'command-reply' && /#uitkomst/.test(m.text) && !refusedNow) {
        c.outcomeDone = true;
        if (this.t.id === 'purasec') {
          const l = this.diary.officeTime(now, this.rng.int(0, 2));
          acts.push(this.#command(c, l, '#leerpunt', 'Afspraken over opleverdata vastleggen in de opdrachtbevestiging en een week vooraf bevestigen.'));
          acts.push(this.#command(c, new Date(l.getTime() + 60_000 * this.rng.int(30, 240)), '#sluiten'));
        }
      } else if (m.kind === 'contact-reminder' && !c.contacted && !c.outcomeDone) {
        acts.push(this.#contact(c, this.diary.soon(now)));
      } else if (m.kind === 'reminder' && !c.outcomeDone && !c.closed && /uitkomst|inhoudelijke reactie|outcome|substantive/i.test(m.subject)) {
        c.remindersSeen++;
        const lastChance = /vandaag|today/i.test(m.text);
        if ((c.waitsForReminder && c.remindersSeen > c.patience) || lastChance) {
          if (!c.outcomePlanned) acts.push(...this.#outcome(c, this.diary.soon(now)));
        }
      }
    } else {
      // management
      if (m.kind.startsWith('notice') || m.kind === 'customer-message' || m.kind === 'objection-suspected') {
        if (
          /#bezwaar/.test(m.text) &&
          /bezwaar|object/i.test(m.text) &&
          !c.objectionConfirmed &&
          this.t.id === 'preact' &&
          /maak hierbij bezwaar|hereby object/.test(m.text)
        ) {
          c.objectionConfirmed = true;
          acts.push(this.#command(c, this.diary.officeTime(now, this.rng.int(0, 1), 8, 11), '#bezwaar'));
        }
        if (/#geenbezwaar/.test(m.text) && /accepteer ik|I accept the solution/.test(m.text) && !c.objectionConfirmed) {
          c.objectionConfirmed = true;
          acts.push(
            this.#command(
              c,
              this.diary.officeTime(now, this.rng.int(0, 1), 8, 11),
              '#geenbezwaar',
              'De klant accepteert de oplossing; een opmerking over de doorlooptijd, geen bezwaar.',
            ),
          );
        }
      } else if (m.kind === 'reminder' && /uitspraak|decision/i.test(m.subject) && c.heard && !c.decided) {
        c.remindersSeen++;
        if (!c.decisionPlanned && (c.remindersSeen > c.patience || /vandaag|today/i.test(m.text))) acts.push(this.#decision(c, this.diary.soon(now)));
      } else if (m.kind === 'command-reply' && /#uitspraak/.test(m.text) && !refusedNow) {
        c.decided = true;
      } else if (m.kind === 'command-reply' && /#bezwaar/.test(m.text) && !refusedNow && !c.hearingDate) {
        const date = this.diary.workingDay(now, this.rng.int(3, 8));
        const time = this.rng.pick(['10:00', '11:30', '14:00', '15:30']);
        c.hearingDate = date;
        c.hearingTime = time;
        const mode = this.rng.chance(0.6) ? 'telefonisch' : 'kantoor';
        acts.push(this.#command(c, this.diary.officeTime(now, 0, 9, 16), `#hoorzitting ${dmy(date)} ${time} ${mode}`));
      } else if (m.kind === 'command-reply' && /#hoorzitting/.test(m.text) && !refusedNow && c.hearingDate && !c.heard) {
        c.heard = true;
        const [h, min] = c.hearingTime!.split(':').map(Number) as [number, number];
        const end = this.t.cal.atLocalTime(c.hearingDate, h + 1, min);
        // Some note the conversation right after it; others the next working day, naming the day it took place.
        if (this.rng.chance(0.6)) acts.push(this.#command(c, end, '#gehoord'));
        else acts.push(this.#command(c, this.diary.officeTime(end, 1, 8, 12), `#gehoord ${dmy(c.hearingDate)} ${c.hearingTime}`));
      } else if (m.kind === 'command-reply' && /#gehoord/.test(m.text) && !refusedNow && !c.decisionPlanned && !c.waitsForReminder) {
        acts.push(this.#decision(c, this.diary.officeTime(now, this.rng.int(2, 15))));
      }
    }
    return acts;
  }

  #decision(c: CaseMemory, at: Date): Act {
    c.decisionPlanned = true;
    const verdict = this.rng.pick(['afgewezen', 'deels', 'gegrond']);
    return this.#command(
      c,
      at,
      `#uitspraak ${verdict}`,
      'Na het gesprek hebben wij uw bezwaar opnieuw beoordeeld. Wij lichten onze beslissing hieronder toe en danken u voor uw toelichting.',
    );
  }

  #contact(c: CaseMemory, at: Date): Act {
    c.contacted = true;
    if (this.rng.chance(0.4)) return this.#command(c, at, '#gebeld klant gesproken, toelichting gekregen');
    return this.#command(c, at, '#antwoord', 'Ik ben uw contactpersoon voor deze klacht. Kunt u toelichten wat er precies misging? Ik bel u ook graag even.');
  }

  #admissibility(c: CaseMemory, at: Date): Act {
    if (c.outOfScope)
      return this.#command(
        c,
        at,
        '#nietontvankelijk',
        'Uw klacht gaat over de levering van laptops door een andere leverancier; dat is geen dienst van PuraSec.',
      );
    return this.#command(c, at, '#ontvankelijk');
  }

  #outcome(c: CaseMemory, at: Date): Act[] {
    if (c.outOfScope || c.outcomePlanned) return [];
    c.outcomePlanned = true;
    const verdict = this.rng.pick(['gegrond', 'deels', 'ongegrond']);
    const acts: Act[] = [];
    if (this.t.id === 'preact' && !c.contacted) acts.push(this.#contact(c, new Date(at.getTime() - 30 * 60_000)));
    if (this.t.id === 'purasec') acts.push(this.#command(c, at, '#oorzaak', 'De planning van de analist liep vast; er was geen vervanger geregeld.'));
    acts.push(
      this.#command(
        c,
        new Date(at.getTime() + (this.t.id === 'purasec' ? 5 * 60_000 : 0)),
        `#uitkomst ${verdict}`,
        'Wij hebben uw klacht onderzocht. Wij bieden een creditering van 10% aan en passen onze werkwijze aan zodat dit niet opnieuw gebeurt.',
      ),
    );
    return acts;
  }
}
