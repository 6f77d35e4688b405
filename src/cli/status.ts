import { resolve } from 'node:path';
import type { LoadedConfig } from '../config/load.js';
import type { TenantConfig } from '../config/schema.js';
import type { MailTransport } from '../outbox/transport.js';
import { RETENTION_CRON } from '../scheduler/cron.js';
import type { Db } from '../store/db.js';
import { firstStartFileNames, tenantHealth, type TenantHealth } from '../store/health.js';
import type { CliLanguage } from './args.js';
import { localTime } from './humanTime.js';
import { nextCronRun, probeImap, probeMaildir, probeTransport, type MailboxProbe } from './statusProbe.js';
import type { TenantView } from './tenantViews.js';

/** Something that needs a person, by code (for machines) with a sentence (for people). */
export interface Problem {
  code:
    | 'mailbox-unreachable'
    | 'mailbox-never-watched'
    | 'mail-waiting'
    | 'sending-unreachable'
    | 'letters-failed'
    | 'letters-held'
    | 'letters-stuck'
    | 'quarantine';
  text: string;
}

export interface TenantStatus {
  tenant: string;
  name: string;
  mailbox: { where: string } & MailboxProbe;
  sending: { where: string; ok: boolean; error: string | null };
  store: TenantHealth;
  schedule: { enabled: boolean; timezone: string; jobs: Array<{ jobs: string; cron: string; next: Date | null }> };
  problems: Problem[];
}

const minutesBetween = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / 60_000);

/** Look at one tenant now: the store through `db`, the mailbox and the mail server over the network. */
export async function tenantStatus(
  cfg: LoadedConfig,
  t: TenantConfig,
  db: Db,
  view: TenantView,
  opts: { now: Date; staleMinutes: number; transport: MailTransport },
): Promise<TenantStatus> {
  const store = tenantHealth(db, t.id);
  const imap = 'imap' in t.mailbox ? t.mailbox.imap : null;
  const maildir = 'maildir' in t.mailbox ? resolve(cfg.dataDir, t.mailbox.maildir.path) : null;
  const watched = imap ? imap.folder : maildir!;
  const cursor = store.cursors.find((c) => c.mailbox === watched) ?? null;
  const started = imap ? cursor !== null : store.starts.some((s) => s.mailbox === watched);
  const probe = imap ? await probeImap(imap, cursor) : probeMaildir(maildir!, firstStartFileNames(db, t.id, maildir!));
  const sendingError = await probeTransport(opts.transport);
  // The daemon's plan (src/scheduler/cron.ts JobScheduler.start).
  const jobs = t.schedule.enabled
    ? [
        { jobs: 'escalations, reminders, digest', cron: t.schedule.checkCron },
        { jobs: 'learnings', cron: t.schedule.learningsCron },
        { jobs: 'retention', cron: RETENTION_CRON },
      ]
    : [];
  const schedule = {
    enabled: t.schedule.enabled,
    timezone: t.timezone,
    jobs: await Promise.all(jobs.map(async (j) => ({ ...j, next: await nextCronRun(j.cron, t.timezone, opts.now) }))),
  };

  const w = PROBLEM_WORDS[view.lang];
  const at = (d: Date) => localTime(d, view.lang, view.calendar);
  const problems: Problem[] = [];
  if (!probe.reachable) problems.push({ code: 'mailbox-unreachable', text: w.mailboxUnreachable(probe.error ?? '') });
  else if (!started) problems.push({ code: 'mailbox-never-watched', text: w.neverWatched });
  if (probe.oldestWaitingAt && minutesBetween(probe.oldestWaitingAt, opts.now) >= opts.staleMinutes)
    problems.push({ code: 'mail-waiting', text: w.mailWaiting(probe.waiting ?? 0, at(probe.oldestWaitingAt)) });
  if (sendingError) problems.push({ code: 'sending-unreachable', text: w.sendingUnreachable(sendingError) });
  if (store.outbox.failed > 0) problems.push({ code: 'letters-failed', text: w.lettersFailed(store.outbox.failed) });
  if (store.outbox.held > 0) problems.push({ code: 'letters-held', text: w.lettersHeld(store.outbox.held) });
  const oldestPending = store.outbox.oldestPendingAt ? new Date(store.outbox.oldestPendingAt) : null;
  if (oldestPending && minutesBetween(oldestPending, opts.now) >= opts.staleMinutes)
    problems.push({ code: 'letters-stuck', text: w.lettersStuck(store.outbox.pending, at(oldestPending)) });
  if (store.quarantineOpen > 0) problems.push({ code: 'quarantine', text: w.quarantine(store.quarantineOpen) });

  return {
    tenant: t.id,
    name: t.name,
    mailbox: {
      where: imap ? `IMAP ${imap.user}@${imap.host}:${imap.port}/${imap.folder}` : `Maildir ${maildir}`,
      ...probe,
    },
    sending: {
      where: 'smtp' in t.transport ? `SMTP ${t.transport.smtp.host}:${t.transport.smtp.port}` : `files in ${opts.transport.name.replace(/^file:/, '')}`,
      ok: sendingError === null,
      error: sendingError,
    },
    store,
    schedule,
    problems,
  };
}

type ProblemWords = {
  mailboxUnreachable: (why: string) => string;
  neverWatched: string;
  mailWaiting: (n: number, since: string) => string;
  sendingUnreachable: (why: string) => string;
  lettersFailed: (n: number) => string;
  lettersHeld: (n: number) => string;
  lettersStuck: (n: number, since: string) => string;
  quarantine: (n: number) => string;
};

const mails = (n: number, lang: CliLanguage) => (lang === 'nl' ? `${n} ${n === 1 ? 'mail' : 'mails'}` : `${n} ${n === 1 ? 'mail' : 'mails'}`);
const letters = (n: number, lang: CliLanguage) => (lang === 'nl' ? `${n} ${n === 1 ? 'brief' : 'brieven'}` : `${n} ${n === 1 ? 'letter' : 'letters'}`);

const PROBLEM_WORDS: Record<CliLanguage, ProblemWords> = {
  nl: {
    mailboxUnreachable: (why) => `de mailbox is nu niet bereikbaar: ${why}`,
    neverWatched: 'de daemon heeft deze mailbox nog nooit gelezen (is hij gestart?)',
    mailWaiting: (n, since) => `${mails(n, 'nl')} in de mailbox nog niet opgehaald, de oudste sinds ${since}: draait de daemon?`,
    sendingUnreachable: (why) => `verzenden lukt nu niet: ${why}`,
    lettersFailed: (n) => `${letters(n, 'nl')} definitief niet verstuurd (complaintdesk outbox --status failed)`,
    lettersHeld: (n) => `${letters(n, 'nl')} tegengehouden door de noodrem op automatische brieven (complaintdesk outbox release)`,
    lettersStuck: (n, since) => `${letters(n, 'nl')} wachten op verzending, de oudste sinds ${since}`,
    quarantine: (n) => `${mails(n, 'nl')} in quarantaine (complaintdesk quarantine)`,
  },
  en: {
    mailboxUnreachable: (why) => `the mailbox cannot be reached now: ${why}`,
    neverWatched: 'the daemon has never read this mailbox (has it been started?)',
    mailWaiting: (n, since) => `${mails(n, 'en')} in the mailbox not taken in, the oldest since ${since}: is the daemon running?`,
    sendingUnreachable: (why) => `sending does not work now: ${why}`,
    lettersFailed: (n) => `${letters(n, 'en')} failed for good (complaintdesk outbox --status failed)`,
    lettersHeld: (n) => `${letters(n, 'en')} held by the circuit breaker on automatic letters (complaintdesk outbox release)`,
    lettersStuck: (n, since) => `${letters(n, 'en')} waiting to be sent, the oldest since ${since}`,
    quarantine: (n) => `${mails(n, 'en')} in quarantine (complaintdesk quarantine)`,
  },
};

type LineWords = {
  mailbox: string;
  reachable: string;
  unreachable: string;
  waiting: (n: number) => string;
  cursor: (uid: number, validity: string, at: string) => string;
  firstStart: (mode: string, at: string) => string;
  noMailYet: string;
  newestMail: (at: string) => string;
  sending: string;
  letters: (p: number, h: number, f: number) => string;
  oldestPending: (at: string) => string;
  quarantine: (n: number) => string;
  breaker: (at: string) => string;
  schedule: string;
  scheduleOff: string;
  next: (jobs: string, cron: string, tz: string, at: string) => string;
  ok: string;
  needsPerson: string;
};

const LINE_WORDS: Record<CliLanguage, LineWords> = {
  nl: {
    mailbox: 'mailbox',
    reachable: 'bereikbaar',
    unreachable: 'NIET bereikbaar',
    waiting: (n) => `${mails(n, 'nl')} nog op te halen`,
    cursor: (uid, validity, at) => `laatst opgehaald: UID ${uid} (UIDVALIDITY ${validity}), ${at}`,
    firstStart: (mode, at) => `eerste start ${at} (${mode})`,
    noMailYet: 'nog geen mail opgeslagen',
    newestMail: (at) => `nieuwste opgeslagen mail ontvangen ${at}`,
    sending: 'verzenden',
    letters: (p, h, f) => `brieven: ${p} te versturen, ${h} tegengehouden, ${f} mislukt`,
    oldestPending: (at) => `oudste te versturen sinds ${at}`,
    quarantine: (n) => `quarantaine: ${n} open`,
    breaker: (at) => `noodrem op automatische brieven actief sinds ${at}`,
    schedule: 'geplande taken',
    scheduleOff: 'geplande taken: uit (alleen complaintdesk jobs run)',
    next: (jobs, expr, tz, at) => `${jobs}: volgende ${at} ("${expr}", ${tz})`,
    ok: 'in orde',
    needsPerson: 'VRAAGT AANDACHT',
  },
  en: {
    mailbox: 'mailbox',
    reachable: 'reachable',
    unreachable: 'NOT reachable',
    waiting: (n) => `${mails(n, 'en')} waiting to be taken in`,
    cursor: (uid, validity, at) => `last taken in: UID ${uid} (UIDVALIDITY ${validity}), ${at}`,
    firstStart: (mode, at) => `first start ${at} (${mode})`,
    noMailYet: 'no mail stored yet',
    newestMail: (at) => `newest stored mail received ${at}`,
    sending: 'sending',
    letters: (p, h, f) => `letters: ${p} pending, ${h} held, ${f} failed`,
    oldestPending: (at) => `oldest pending since ${at}`,
    quarantine: (n) => `quarantine: ${n} open`,
    breaker: (at) => `circuit breaker on automatic letters tripped since ${at}`,
    schedule: 'scheduled jobs',
    scheduleOff: 'scheduled jobs: off (only complaintdesk jobs run)',
    next: (jobs, expr, tz, at) => `${jobs}: next ${at} ("${expr}", ${tz})`,
    ok: 'all well',
    needsPerson: 'NEEDS A PERSON',
  },
};

/** The status of one tenant for a terminal, in the view's language and time zone. */
export function statusLines(s: TenantStatus, view: TenantView): string[] {
  const w = LINE_WORDS[view.lang];
  const at = (iso: string | Date) => localTime(new Date(iso), view.lang, view.calendar);
  const lines = [`${s.tenant}: ${s.name} — ${s.problems.length ? w.needsPerson : w.ok}`];
  const box = [s.mailbox.reachable ? w.reachable : `${w.unreachable}`];
  if (s.mailbox.waiting !== null) box.push(w.waiting(s.mailbox.waiting));
  lines.push(`  ${w.mailbox}: ${s.mailbox.where} — ${box.join(', ')}`);
  for (const c of s.store.cursors) lines.push(`    ${w.cursor(c.lastUid, c.uidvalidity, at(c.updatedAt))}`);
  for (const st of s.store.starts) lines.push(`    ${w.firstStart(st.mode, at(st.startedAt))}`);
  lines.push(`    ${s.store.newestMail ? w.newestMail(at(s.store.newestMail.receivedAt)) : w.noMailYet}`);
  lines.push(`  ${w.sending}: ${s.sending.where} — ${s.sending.ok ? w.reachable : w.unreachable}`);
  const o = s.store.outbox;
  lines.push(`  ${w.letters(o.pending, o.held, o.failed)}${o.oldestPendingAt ? `; ${w.oldestPending(at(o.oldestPendingAt))}` : ''}`);
  if (s.store.breakerTrippedAt) lines.push(`  ${w.breaker(at(s.store.breakerTrippedAt))}`);
  lines.push(`  ${w.quarantine(s.store.quarantineOpen)}`);
  if (!s.schedule.enabled) lines.push(`  ${w.scheduleOff}`);
  else {
    lines.push(`  ${w.schedule}:`);
    for (const j of s.schedule.jobs) lines.push(`    ${w.next(j.jobs, j.cron, s.schedule.timezone, j.next ? at(j.next) : '—')}`);
  }
  for (const p of s.problems) lines.push(`  ! ${p.text}`);
  return lines;
}

/** The machine form: ISO times, codes with their sentence. */
export function statusJson(all: TenantStatus[]): string {
  return JSON.stringify(
    {
      ok: all.every((s) => s.problems.length === 0),
      tenants: all.map((s) => ({
        tenant: s.tenant,
        name: s.name,
        ok: s.problems.length === 0,
        problems: s.problems,
        mailbox: {
          where: s.mailbox.where,
          reachable: s.mailbox.reachable,
          error: s.mailbox.error,
          waiting: s.mailbox.waiting,
          oldestWaitingAt: s.mailbox.oldestWaitingAt?.toISOString() ?? null,
          cursors: s.store.cursors,
          firstStarts: s.store.starts,
          newestMailReceivedAt: s.store.newestMail?.receivedAt ?? null,
        },
        sending: s.sending,
        outbox: s.store.outbox,
        breakerTrippedAt: s.store.breakerTrippedAt,
        quarantineOpen: s.store.quarantineOpen,
        schedule: { ...s.schedule, jobs: s.schedule.jobs.map((j) => ({ ...j, next: j.next?.toISOString() ?? null })) },
      })),
    },
    null,
    2,
  );
}
