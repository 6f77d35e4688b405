import { QuarantineReasons } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { handleCommandMail } from '../execute/commandMail.js';
import { detectAutomatic } from '../guards/automatic.js';
import { parseBounce } from '../guards/bounce.js';
import { hasCommandTag } from '../commands/parse.js';
import { classifyIntake } from '../intake/classify.js';
import { matchService } from '../intake/service.js';
import { readBody, understood, type Understood } from '../intake/understand.js';
import type { DirectAuthCheck } from '../commands/authenticate.js';
import { isUsableAddress } from '../parse/address.js';
import type { MailParser, ParseOutcome } from '../parse/parse.js';
import type { ParsedMessage } from '../parse/types.js';
import type { MailHandler, SourceMail } from '../source/types.js';
import { attachmentsInsert } from '../store/attachments.js';
import type { Complaint } from '../store/complaints.js';
import { cursorAdvance } from '../store/cursors.js';
import { CUSTOMER, eventAppend, personActor, senderActor, type Actor } from '../store/events.js';
import { inboundByMessageId, inboundInsert, inboundSeenSource, type InboundDisposition, type InboundInsert, type MailOrigin } from '../store/inbound.js';
import { outboxHighWater } from '../store/outbox.js';
import { quarantineInsert } from '../store/quarantine.js';
import type { Moment, TenantContext } from '../tenant/context.js';
import { LOOP_HEADER } from '../thread/messageId.js';
import { startComplaintRecord } from '../workflow/openComplaint.js';
import { analysisOf, bodyReading, type MailAnalysis } from './analyse.js';
import { applyBounce } from './bounce.js';
import { customerAnswer } from './customerAnswer.js';
import { commandMailAuth } from './mailAuth.js';
import { resolveThread, threadGuid } from './thread.js';

export type IngestResult =
  | { kind: 'new-complaint'; complaintId: number; reference: string }
  | { kind: 'attached'; complaintId: number; reference: string; evidence: string }
  | { kind: 'skipped'; disposition: InboundDisposition; detail: string; complaintId: number | null }
  | { kind: 'quarantined'; reason: string; detail: string };

export interface IngestDeps {
  parser: MailParser;
  /** Every tenant's context; they share one store. */
  tenants: ReadonlyMap<string, TenantContext>;
  log: Logger;
  maxAttachmentBytes: number;
  /** Called after a transaction queued outgoing mail for a tenant, to wake its sender. */
  onOutbox: (tenant: string) => void;
  /** Whether the tenant's mailbox is catching up on a backlog: its automatic letters are then rendered when sent (Moment.renderLater). */
  renderLater?: (tenant: string) => boolean;
}

/**
 * A transaction of a group takes mails until this much time has passed (one or two mails): the
 * commit is still shared, and the event loop turns often enough that another tenant's mail and
 * letters, each of whose IMAP and SMTP round trips waits for a turn, are not slowed down by a
 * backlog. Bench: 10 ms slices left the other tenant's acknowledgement at p95 1,026 ms, 5 ms at
 * 678 ms, at the same ingest rate.
 */
const STORE_SLICE_MS = 5;

/** What the awaited part of a mail's processing found; the transaction acts on it. */
type Step =
  | { kind: 'seen' }
  | { kind: 'quarantine'; reason: string; detail: string }
  | { kind: 'decide'; msg: ParsedMessage; analysis: MailAnalysis | null; direct: DirectAuthCheck | null };

interface Prepared {
  tenant: TenantContext;
  mail: SourceMail;
  step: Step;
}

/**
 * source → parse → guards (duplicate, bounce, automatic) → thread → intake → store + outbox,
 * in one transaction with the mailbox cursor. Every mail ends stored (with what it did and
 * why) or quarantined with its reason; nothing is dropped.
 */
export class Ingest {
  constructor(private readonly deps: IngestDeps) {}

  /** What sources call. Throws only when the store itself fails (the source retries). */
  readonly handler: MailHandler = {
    handle: async (mail, parsed) => this.#log(mail, await this.process(mail, parsed)),
    handleMany: async (items) => {
      const results = await this.processMany(items);
      items.forEach((it, i) => this.#log(it.mail, results[i]!));
    },
    prepare: (raw) => this.deps.parser.parse(raw),
  };

  #log(mail: SourceMail, r: IngestResult): void {
    const ctx = { tenant: mail.origin.tenant, source: mail.origin.sourceKey };
    if (r.kind === 'quarantined') this.deps.log.warn({ ...ctx, reason: r.reason, detail: r.detail }, 'mail quarantined');
    else if (r.kind === 'skipped') this.deps.log.info({ ...ctx, disposition: r.disposition, detail: r.detail }, 'mail stored, no letter');
    else if (r.kind === 'attached') this.deps.log.info({ ...ctx, ref: r.reference, evidence: r.evidence }, 'complaint:mail-attached');
    else this.deps.log.info({ ...ctx, ref: r.reference }, 'complaint:received');
  }

  /** `parsed`: the parse of `mail.raw` when the source started it ahead (see MailHandler.prepare). */
  async process(mail: SourceMail, parsed?: Promise<ParseOutcome>): Promise<IngestResult> {
    return (await this.processMany([{ mail, parsed }]))[0]!;
  }

  /**
   * Several mails, in order, stored in as few transactions as STORE_SLICE_MS allows: what can wait
   * (the parse, a command mail's DNS checks) is awaited first, then each mail is decided and
   * stored in a savepoint of its own with its cursor advance, so one mail's failure rolls back
   * only that mail (which is then quarantined) and a crash loses a transaction's mails or none.
   * One commit per few mails instead of one per mail: the commit was the largest single cost of
   * a stored mail.
   */
  async processMany(items: ReadonlyArray<{ mail: SourceMail; parsed?: Promise<ParseOutcome> | undefined }>): Promise<IngestResult[]> {
    const prepared: Prepared[] = [];
    for (const { mail, parsed } of items) {
      const tenant = this.deps.tenants.get(mail.origin.tenant);
      if (!tenant) throw new Error(`mail for unknown tenant ${mail.origin.tenant}`);
      prepared.push({ tenant, mail, step: await this.#prepare(tenant, mail, parsed) });
    }
    const results: IngestResult[] = [];
    while (results.length < prepared.length) {
      if (results.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const slice = prepared.slice(results.length);
      const { db } = slice[0]!.tenant;
      const before = outboxHighWater(db);
      // As many mails as fit in STORE_SLICE_MS, at least one: one transaction is one stretch of
      // this thread that every other tenant's IMAP and SMTP traffic waits out.
      const started = performance.now();
      const done = db
        .transaction(() => {
          const out: IngestResult[] = [];
          for (const p of slice) {
            out.push(this.#write(p));
            if (performance.now() - started >= STORE_SLICE_MS) break;
          }
          return out;
        })
        .immediate();
      results.push(...done);
      // After commit: the sender must find the queued mail when it wakes.
      if (outboxHighWater(db) !== before) for (const tenant of new Set(slice.slice(0, done.length).map((p) => p.tenant.cfg.id))) this.deps.onOutbox(tenant);
    }
    return results;
  }

  /** Everything about a mail that needs no write and may wait: seen before, parse, sender sanity, DKIM/DMARC. */
  async #prepare(tenant: TenantContext, mail: SourceMail, parsed?: Promise<ParseOutcome>): Promise<Step> {
    const { origin } = mail;
    if (inboundSeenSource(tenant.db, origin.tenant, origin.sourceKey)) return { kind: 'seen' };
    if (!mail.raw) return { kind: 'quarantine', reason: QuarantineReasons.TOO_LARGE, detail: `${mail.size} bytes, not downloaded` };
    const outcome = await (parsed ?? this.deps.parser.parse(mail.raw));
    if (!outcome.ok) return { kind: 'quarantine', reason: outcome.reason, detail: outcome.detail };
    const msg = outcome.msg;
    if (!msg.from?.address) return { kind: 'quarantine', reason: QuarantineReasons.NO_SENDER, detail: 'no From address' };
    // A garbage "address" (an unterminated quoted string, a 100 KB token) would get an acknowledgement.
    if (!isUsableAddress(msg.from.address))
      return { kind: 'quarantine', reason: QuarantineReasons.NO_SENDER, detail: `unusable From address: ${msg.from.address.slice(0, 80)}` };
    // DNS is asynchronous and slow: a command mail's own DKIM/DMARC check happens before the transaction.
    return { kind: 'decide', msg, analysis: analysisOf(outcome), direct: await commandMailAuth(tenant, msg, mail.raw) };
  }

  /** Inside the group's transaction: one mail, in a savepoint with its cursor advance. */
  #write({ tenant, mail, step }: Prepared): IngestResult {
    const { origin } = mail;
    if (step.kind === 'seen') {
      this.#tx(tenant, origin, () => undefined);
      return { kind: 'skipped', disposition: 'duplicate', detail: 'this mailbox copy was processed before', complaintId: null };
    }
    if (step.kind === 'quarantine') return this.#quarantine(tenant, mail, step.reason, step.detail);
    try {
      return this.#tx(tenant, origin, () => this.#decide(tenant, mail, step.msg, step.analysis, step.direct));
    } catch (err) {
      this.deps.log.error({ tenant: origin.tenant, source: origin.sourceKey, err }, 'processing failed');
      return this.#quarantine(tenant, mail, QuarantineReasons.PROCESSING_FAILED, err instanceof Error ? err.message : String(err));
    }
  }

  /** Run `fn` and advance the mailbox cursor in one transaction (a savepoint inside a group's). */
  #tx<T>(tenant: TenantContext, origin: MailOrigin, fn: () => T): T {
    const { db, clock } = tenant;
    return db
      .transaction(() => {
        const r = fn();
        if (origin.uid !== null && origin.uidvalidity !== null) cursorAdvance(db, origin.tenant, origin.mailbox, origin.uidvalidity, origin.uid, clock.now());
        return r;
      })
      .immediate();
  }

  #quarantine(tenant: TenantContext, mail: SourceMail, reason: string, detail: string): IngestResult {
    this.#tx(tenant, mail.origin, () =>
      quarantineInsert(tenant.db, { origin: mail.origin, size: mail.size, raw: mail.raw, reason, detail, now: tenant.clock.now() }),
    );
    return { kind: 'quarantined', reason, detail };
  }

  /**
   * Store the mail with everything known about it, in one INSERT: its analysis (new text,
   * language, conversation), what it did and why, and its attachments.
   */
  #store(
    tenant: TenantContext,
    mail: SourceMail,
    msg: ParsedMessage,
    u: Understood | null,
    complaintId: number | null,
    disposition: InboundDisposition,
    detail: string | null,
    triage: InboundInsert['triage'] = null,
  ): number {
    const id = inboundInsert(tenant.db, {
      origin: mail.origin,
      messageId: msg.messageId,
      raw: mail.raw!,
      fromAddress: msg.from?.address ?? null,
      fromName: msg.from?.name ?? null,
      subject: msg.subject,
      text: msg.text,
      sentDate: msg.date,
      receivedAt: mail.receivedAt,
      complaintId,
      disposition,
      detail,
      newText: u?.newText ?? null,
      language: u?.language ?? null,
      threadGuid: threadGuid(msg),
      triage,
    });
    attachmentsInsert(tenant.db, id, msg.attachments, this.deps.maxAttachmentBytes);
    return id;
  }

  /**
   * Inside the transaction: what this mail is and what it does. `analysis`: the parse worker's
   * reading of the mail (analyse.ts); without one, each part is worked out here, as it is there.
   */
  #decide(tenant: TenantContext, source: SourceMail, msg: ParsedMessage, analysis: MailAnalysis | null, direct: DirectAuthCheck | null): IngestResult {
    const { db, cfg } = tenant;
    const now = tenant.clock.now();
    const m: Moment = { tenant, now, renderLater: this.deps.renderLater?.(cfg.id) ?? false };
    const from = msg.from!.address;
    // A receive time in the future (a server clock ahead, a forged Maildir mtime) is clamped to now:
    // the procedure refuses events from the future, and the mail must still count.
    const future = source.receivedAt.getTime() > now.getTime();
    const mail: SourceMail = future ? { ...source, receivedAt: now } : source;
    const skip = (disposition: InboundDisposition, detail: string, complaintId: number | null = null, u: Understood | null = null): IngestResult => {
      this.#store(tenant, mail, msg, u, complaintId, disposition, detail);
      return { kind: 'skipped', disposition, detail, complaintId };
    };

    if (msg.messageId) {
      const seen = inboundByMessageId(db, cfg.id, msg.messageId);
      if (seen) return skip('duplicate', `Message-ID <${msg.messageId}> was processed before (inbound #${seen.id})`, seen.complaintId);
    }

    // Mail that was in the mailbox before the desk first watched it is history: stored with its
    // thread identity (a later reply threads to it), never a complaint, a letter or a command.
    const understand = (): Understood => understood(analysis ? bodyReading(analysis, msg) : readBody(msg), cfg.language);
    if (mail.history) return skip('archive', 'in the mailbox at its first start (mailbox.firstStart: archive)', null, understand());

    // Bounces first: they are automatic mail too, but they carry news about our own letters.
    const bounce = analysis ? analysis.bounce : parseBounce(msg, mail.raw!);
    if (bounce) {
      const b = applyBounce(m, bounce);
      return skip('bounce', b.detail, b.complaintId);
    }

    // The analysis ran the rules that need no policy with the same LOOP_HEADER; the policy's come first.
    const automatic = detectAutomatic(
      msg,
      { loopHeader: LOOP_HEADER, loopTokens: [cfg.address], ownAddresses: [cfg.address], maxReceived: cfg.guards.maxReceived },
      analysis?.mailRules,
    );
    const u = understand();
    const thread = resolveThread(tenant, msg);

    if (automatic.automatic) {
      // Stored on its complaint when it threads, but never answered and never a state change.
      const complaintId = thread.kind === 'complaint' ? thread.complaint.id : null;
      if (complaintId)
        eventAppend(db, {
          tenant: cfg.id,
          complaintId,
          at: now,
          type: 'mail:automatic',
          actor: senderActor(from),
          data: { messageId: msg.messageId, reason: automatic.reason, detail: automatic.detail },
        });
      return skip(
        automatic.reason === 'own-loop' || automatic.reason === 'own-address' ? 'own-mail' : 'automatic',
        `${automatic.reason}: ${automatic.detail}`,
        complaintId,
        u,
      );
    }

    // One of the tenant's people by From address — a claim only, until proven (commands).
    const claimed = tenant.people.byEmail(from);

    // A command in a person's name (#tag in the subject): run only with proof it is theirs.
    if (claimed && hasCommandTag(msg.subject)) {
      const complaint = thread.kind === 'complaint' ? thread.complaint : null;
      const r = handleCommandMail({ ...m, msg, body: u.newText, quoted: u.quoted, complaint }, claimed, direct);
      this.#store(tenant, mail, msg, u, complaint?.id ?? null, 'command', r.detail);
      return {
        kind: 'skipped',
        disposition: 'command',
        detail: r.ok ? 'executed' : r.detail.startsWith('refused: ') ? r.detail : 'refused',
        complaintId: r.complaintId,
      };
    }

    if (thread.kind === 'complaint') {
      const c = thread.complaint;
      const inboundId = this.#store(tenant, mail, msg, u, c.id, 'attached', `${thread.evidence}: ${thread.detail}`);
      const actor: Actor = from === c.customerEmail ? CUSTOMER : claimed ? personActor(claimed.id) : senderActor(from);
      eventAppend(db, {
        tenant: cfg.id,
        complaintId: c.id,
        at: now,
        type: 'mail:received',
        actor,
        data: {
          messageId: msg.messageId,
          subject: msg.subject,
          evidence: thread.evidence,
          ...(future ? { mailboxTimeInFuture: source.receivedAt.toISOString() } : {}),
        },
      });
      // The customer's mail, or someone else's in the thread (a colleague on CC), reaches a person;
      // the tenant's own people writing without a command are only recorded.
      if (actor.kind !== 'person') customerAnswer(m, c, msg, u, { inboundId, byCustomer: actor.kind === 'customer', receivedAt: mail.receivedAt });
      return { kind: 'attached', complaintId: c.id, reference: c.reference, evidence: thread.evidence };
    }

    // The tenant's own people writing in without a reference are not customers with a complaint;
    // they register one on a customer's behalf with #register (SPEC §5).
    if (claimed) return skip('staff-mail', `from ${claimed.id}, not threaded to a complaint`, null, u);

    // The safety net under every first-start mode: a new thread the mailbox received long ago
    // (IMAP INTERNALDATE / Maildir time — not the sender's forgeable Date header) is not answered
    // automatically; it waits for a person, who can #register it.
    const ageMs = now.getTime() - mail.receivedAt.getTime();
    const maxAgeMs = cfg.autoReply.maxMailAgeDays * 86_400_000;
    if (ageMs > maxAgeMs) {
      const days = Math.floor(ageMs / 86_400_000);
      return skip(
        'too-old',
        `received ${days} days ago (${mail.receivedAt.toISOString()}); no automatic letter after ${cfg.autoReply.maxMailAgeDays} days — #register it to start the procedure`,
        null,
        u,
      );
    }

    // A general mailbox (intake: classify) holds quotes, invoices and newsletters too: only
    // what the rules call a complaint is acknowledged; the rest waits for a person (#register).
    const triage = cfg.intake === 'classify' ? classifyIntake({ subject: msg.subject, text: u.newText }, cfg.triage) : null;
    const disposition: InboundDisposition =
      !triage || triage.label === 'complaint' ? 'new-complaint' : triage.label === 'unsure' ? 'unsure' : 'not-a-complaint';
    const mentioned = thread.mentioned.length ? `mentions ${thread.mentioned.join(', ')} (not the sender's)` : null;
    const detail = triage ? `triage ${triage.label} (score ${triage.score})` : mentioned;
    const triageRow = triage ? { label: triage.label, score: triage.score, matched: triage.matched } : null;
    if (disposition !== 'new-complaint') {
      this.#store(tenant, mail, msg, u, null, disposition, detail, triageRow);
      return { kind: 'skipped', disposition, detail: `triage ${triage!.label} (score ${triage!.score})`, complaintId: null };
    }
    const { complaint } = startComplaintRecord(m, newComplaintFrom(tenant, msg, u, mail.receivedAt, thread.mentioned), (c: Complaint) => {
      // Stored with its complaint before the procedure starts, so the acknowledgement replies to it.
      this.#store(tenant, mail, msg, u, c.id, disposition, detail, triageRow);
    });
    return { kind: 'new-complaint', complaintId: complaint.id, reference: complaint.reference };
  }
}

/** A new thread from a customer, as the start of a complaint record. */
function newComplaintFrom(tenant: TenantContext, msg: ParsedMessage, u: Understood, receivedAt: Date, mentioned: string[]) {
  return {
    channel: 'email',
    customerEmail: msg.from!.address,
    customerName: msg.from!.name || null,
    customerPhone: u.phone,
    language: u.language,
    subject: msg.subject || '(geen onderwerp)',
    description: u.newText,
    service: matchService(`${msg.subject}\n${u.newText}`, tenant.cfg.services),
    receivedAt,
    actor: CUSTOMER,
    meta: {
      messageId: msg.messageId,
      from: msg.from!.address,
      subject: msg.subject,
      language: u.language,
      ...(mentioned.length ? { mentionedReferences: mentioned } : {}),
    },
  };
}
