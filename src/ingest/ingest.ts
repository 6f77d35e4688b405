import type { Clock } from '../core/clock.js';
import { QuarantineReasons } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { detectAutomatic } from '../guards/automatic.js';
import { parseBounce } from '../guards/bounce.js';
import { classifyIntake } from '../intake/classify.js';
import type { MailParser, ParseOutcome } from '../parse/parse.js';
import type { ParsedMessage } from '../parse/types.js';
import type { MailHandler, SourceMail } from '../source/types.js';
import { attachmentsInsert } from '../store/attachments.js';
import { cursorAdvance } from '../store/cursors.js';
import type { Db } from '../store/db.js';
import { eventAppend } from '../store/events.js';
import { inboundByMessageId, inboundInsert, inboundSeenSource, type InboundDisposition, type MailOrigin } from '../store/inbound.js';
import { quarantineInsert } from '../store/quarantine.js';
import { stmt } from '../store/stmt.js';
import { isUsableAddress } from './address.js';
import { applyBounce } from './bounce.js';
import { authenticateCommand } from '../commands/authenticate.js';
import { executeCommandMail, refuseForgedCommand, type CommandMail } from '../commands/execute.js';
import { hasCommandTag } from '../commands/parse.js';
import { excerpt, looksLikeObjection } from '../intake/objection.js';
import { queueLetter } from '../letters/queue.js';
import { outboxByMessageId } from '../store/outbox.js';
import { extractInformation, openComplaint } from './openComplaint.js';
import { allowedEvents } from '../procedure/machine.js';
import type { Complaint } from '../store/complaints.js';
import { applyEvent, procState } from '../workflow/apply.js';
import { LOOP_HEADER, type TenantRuntime } from './tenant.js';
import { resolveThread, threadGuid } from './thread.js';
import { understand, type Understood } from './understand.js';

export type IngestResult =
  | { kind: 'new-complaint'; complaintId: number; reference: string }
  | { kind: 'attached'; complaintId: number; reference: string; evidence: string }
  | { kind: 'skipped'; disposition: InboundDisposition; detail: string; complaintId: number | null }
  | { kind: 'quarantined'; reason: string; detail: string };

export interface IngestDeps {
  db: Db;
  parser: MailParser;
  tenants: ReadonlyMap<string, TenantRuntime>;
  secret: string;
  clock: Clock;
  log: Logger;
  maxAttachmentBytes: number;
  /** Called after a transaction queued outgoing mail for a tenant, to wake its sender. */
  onOutbox: (tenant: string) => void;
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
    handle: (mail, parsed) => this.#handle(mail, parsed),
    prepare: (raw) => this.deps.parser.parse(raw),
  };

  async #handle(mail: SourceMail, parsed?: Promise<ParseOutcome>): Promise<void> {
    const r = await this.process(mail, parsed);
    const ctx = { tenant: mail.origin.tenant, source: mail.origin.sourceKey };
    if (r.kind === 'quarantined') this.deps.log.warn({ ...ctx, reason: r.reason, detail: r.detail }, 'mail quarantined');
    else if (r.kind === 'skipped') this.deps.log.info({ ...ctx, disposition: r.disposition, detail: r.detail }, 'mail stored, no letter');
    else if (r.kind === 'attached') this.deps.log.info({ ...ctx, ref: r.reference, evidence: r.evidence }, 'complaint:mail-attached');
    else this.deps.log.info({ ...ctx, ref: r.reference }, 'complaint:received');
  }

  /** `parsed`: the parse of `mail.raw` when the source started it ahead (see MailHandler.prepare). */
  async process(mail: SourceMail, parsed?: Promise<ParseOutcome>): Promise<IngestResult> {
    const { db } = this.deps;
    const { origin } = mail;
    const tenant = this.deps.tenants.get(origin.tenant);
    if (!tenant) throw new Error(`mail for unknown tenant ${origin.tenant}`);

    if (inboundSeenSource(db, origin.tenant, origin.sourceKey)) {
      this.#tx(origin, () => undefined);
      return { kind: 'skipped', disposition: 'duplicate', detail: 'this mailbox copy was processed before', complaintId: null };
    }
    if (!mail.raw) return this.#quarantine(mail, QuarantineReasons.TOO_LARGE, `${mail.size} bytes, not downloaded`);

    const outcome = await (parsed ?? this.deps.parser.parse(mail.raw));
    if (!outcome.ok) return this.#quarantine(mail, outcome.reason, outcome.detail);
    const msg = outcome.msg;
    if (!msg.from?.address) return this.#quarantine(mail, QuarantineReasons.NO_SENDER, 'no From address');
    // A garbage "address" (an unterminated quoted string, a 100 KB token) would get an acknowledgement.
    if (!isUsableAddress(msg.from.address)) return this.#quarantine(mail, QuarantineReasons.NO_SENDER, `unusable From address: ${msg.from.address.slice(0, 80)}`);

    try {
      const before = this.#outboxHighWater();
      const r = this.#tx(origin, () => this.#decide(tenant, mail, msg));
      // After commit: the sender must find the queued mail when it wakes.
      if (this.#outboxHighWater() !== before) this.deps.onOutbox(origin.tenant);
      return r;
    } catch (err) {
      this.deps.log.error({ tenant: origin.tenant, source: origin.sourceKey, err }, 'processing failed');
      return this.#quarantine(mail, QuarantineReasons.PROCESSING_FAILED, err instanceof Error ? err.message : String(err));
    }
  }

  #outboxHighWater(): number {
    return stmt(this.deps.db, 'SELECT coalesce(max(id), 0) FROM outbox').pluck().get() as number;
  }

  /** Run `fn` and advance the mailbox cursor in one transaction. */
  #tx<T>(origin: MailOrigin, fn: () => T): T {
    const { db, clock } = this.deps;
    return db
      .transaction(() => {
        const r = fn();
        if (origin.uid !== null && origin.uidvalidity !== null) cursorAdvance(db, origin.tenant, origin.mailbox, origin.uidvalidity, origin.uid, clock.now());
        return r;
      })
      .immediate();
  }

  #quarantine(mail: SourceMail, reason: string, detail: string): IngestResult {
    this.#tx(mail.origin, () => quarantineInsert(this.deps.db, { origin: mail.origin, size: mail.size, raw: mail.raw, reason, detail, now: this.deps.clock.now() }));
    return { kind: 'quarantined', reason, detail };
  }

  #store(mail: SourceMail, msg: ParsedMessage, u: Understood | null, complaintId: number | null, disposition: InboundDisposition, detail: string | null): number {
    const id = inboundInsert(this.deps.db, {
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
    });
    stmt(this.deps.db, 'UPDATE inbound_messages SET new_text = ?, language = ?, thread_guid = ? WHERE id = ?').run(u?.newText ?? null, u?.language ?? null, threadGuid(msg), id);
    attachmentsInsert(this.deps.db, id, msg.attachments, this.deps.maxAttachmentBytes);
    return id;
  }

  /** The customer wrote while we wait on them: their mail answers the request (and may name the service). */
  #customerAnswer(tenant: TenantRuntime, c: Complaint, msg: ParsedMessage, u: Understood, receivedAt: Date, now: Date): void {
    const deps = { db: this.deps.db, tenant, secret: this.deps.secret, now };
    const state = procState(c, this.deps.db);
    if (state?.state === 'outcome-sent' && state.objectionWindowEnd && now.toISOString() <= state.objectionWindowEnd && looksLikeObjection(u.newText)) {
      for (const m of tenant.cfg.people.filter((p) => p.role === 'manager')) {
        queueLetter(this.deps.db, tenant, {
          complaint: { id: c.id, reference: c.reference },
          kind: 'objection-notice',
          template: 'objection-notice',
          lang: m.language ?? tenant.cfg.language,
          to: { address: m.email, name: m.name },
          data: { person: { name: m.name }, complaint: { reference: c.reference, subject: c.subject }, excerpt: excerpt(u.newText), until: state.objectionWindowEnd },
          autoSubmitted: 'auto-generated',
          secret: this.deps.secret,
          now,
        });
      }
      eventAppend(this.deps.db, { tenant: tenant.cfg.id, complaintId: c.id, at: now, type: 'objection:suspected', actor: 'customer', data: { messageId: msg.messageId } });
      return;
    }
    if (!state?.waitingSince || !allowedEvents(state, tenant.cfg.procedure).includes('information-received')) return;
    const info = extractInformation(tenant, msg, u);
    const fields = info.present.filter((f) => state.missing.includes(f));
    const r = applyEvent(deps, c, { type: 'information-received', fields, ...(info.service ? { service: info.service } : {}), at: receivedAt.toISOString() }, 'customer', { messageId: msg.messageId });
    // Never silently: a refused answer is on the record for the handler to see.
    if (!r.ok) eventAppend(this.deps.db, { tenant: tenant.cfg.id, complaintId: c.id, at: now, type: 'mail:not-applied', actor: 'system', data: { messageId: msg.messageId, code: r.code, reason: r.message } });
  }

  /** Inside the transaction: what this mail is and what it does. */
  #decide(tenant: TenantRuntime, source: SourceMail, msg: ParsedMessage): IngestResult {
    const { db, clock, secret } = this.deps;
    const cfg = tenant.cfg;
    const now = clock.now();
    const from = msg.from!.address;
    // A receive time in the future (a server clock ahead, a forged Maildir mtime) is clamped to now:
    // the procedure refuses events from the future, and the mail must still count.
    const future = source.receivedAt.getTime() > now.getTime();
    const mail: SourceMail = future ? { ...source, receivedAt: now } : source;
    const skip = (disposition: InboundDisposition, detail: string, complaintId: number | null = null, u: Understood | null = null): IngestResult => {
      this.#store(mail, msg, u, complaintId, disposition, detail);
      return { kind: 'skipped', disposition, detail, complaintId };
    };

    if (msg.messageId) {
      const seen = inboundByMessageId(db, cfg.id, msg.messageId);
      if (seen) return skip('duplicate', `Message-ID <${msg.messageId}> was processed before (inbound #${seen.id})`, seen.complaintId);
    }

    // Mail that was in the mailbox before the desk first watched it is history: stored with its
    // thread identity (a later reply threads to it), never a complaint, a letter or a command.
    if (mail.history) return skip('archive', 'in the mailbox at its first start (mailbox.firstStart: archive)', null, understand(msg, cfg.language));

    // Bounces first: they are automatic mail too, but they carry news about our own letters.
    const bounce = parseBounce(msg, mail.raw!);
    if (bounce) {
      const b = applyBounce(db, tenant, bounce, now, secret);
      return skip('bounce', b.detail, b.complaintId);
    }

    const automatic = detectAutomatic(msg, { loopHeader: LOOP_HEADER, loopTokens: [cfg.address], ownAddresses: [cfg.address], maxReceived: cfg.guards.maxReceived });
    const u = understand(msg, cfg.language);
    const thread = resolveThread(db, tenant, msg, secret);

    if (automatic.automatic) {
      // Stored on its complaint when it threads, but never answered and never a state change.
      const complaintId = thread.kind === 'complaint' ? thread.complaint.id : null;
      if (complaintId) eventAppend(db, { tenant: cfg.id, complaintId, at: now, type: 'mail:automatic', actor: `sender:${from}`, data: { messageId: msg.messageId, reason: automatic.reason, detail: automatic.detail } });
      return skip(automatic.reason === 'own-loop' || automatic.reason === 'own-address' ? 'own-mail' : 'automatic', `${automatic.reason}: ${automatic.detail}`, complaintId, u);
    }

    // One of the tenant's people by From address — a claim only, until proven (commands).
    const claimed = cfg.people.find((p) => p.email === from) ?? null;

    // A command in a person's name (#tag in the subject): run only with proof it is theirs.
    if (claimed && hasCommandTag(msg.subject)) {
      const complaint = thread.kind === 'complaint' ? thread.complaint : null;
      const inboundId = this.#store(mail, msg, u, complaint?.id ?? null, 'command', null);
      const note = (detail: string) => stmt(db, 'UPDATE inbound_messages SET detail = ? WHERE id = ?').run(detail, inboundId);
      const cm: CommandMail = { db, tenant, secret, now, msg, body: u.newText, quoted: u.quoted, complaint };
      const auth = authenticateCommand(msg, {
        secret,
        people: cfg.people,
        trustedAuthservIds: cfg.commands.trustedAuthservIds,
        sentTo: (id) => {
          const o = outboxByMessageId(db, id);
          return o && o.tenant === cfg.id ? o.toAddress : null;
        },
      });
      if (!auth.ok) {
        note(`refused: ${auth.reason}`);
        refuseForgedCommand(cm, claimed, auth.reason);
        return { kind: 'skipped', disposition: 'command', detail: `refused: ${auth.reason}`, complaintId: complaint?.id ?? null };
      }
      const r = executeCommandMail(cm, auth.person, auth);
      note(r.ok ? `executed (${auth.method})` : `refused by the procedure (${auth.method})`);
      return { kind: 'skipped', disposition: 'command', detail: r.ok ? 'executed' : 'refused', complaintId: r.complaintId };
    }

    if (thread.kind === 'complaint') {
      const c = thread.complaint;
      this.#store(mail, msg, u, c.id, 'attached', `${thread.evidence}: ${thread.detail}`);
      const actor = from === c.customerEmail ? 'customer' : claimed ? `person:${claimed.id}` : `sender:${from}`;
      eventAppend(db, { tenant: cfg.id, complaintId: c.id, at: now, type: 'mail:received', actor, data: { messageId: msg.messageId, subject: msg.subject, evidence: thread.evidence, ...(future ? { mailboxTimeInFuture: source.receivedAt.toISOString() } : {}) } });
      if (actor === 'customer') this.#customerAnswer(tenant, c, msg, u, mail.receivedAt, now);
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
      return skip('too-old', `received ${days} days ago (${mail.receivedAt.toISOString()}); no automatic letter after ${cfg.autoReply.maxMailAgeDays} days — #register it to start the procedure`, null, u);
    }

    // A general mailbox (intake: classify) holds quotes, invoices and newsletters too: only
    // what the rules call a complaint is acknowledged; the rest waits for a person (#register).
    const triage = cfg.intake === 'classify' ? classifyIntake({ subject: msg.subject, text: u.newText }, cfg.triage) : null;
    const disposition: InboundDisposition = !triage || triage.label === 'complaint' ? 'new-complaint' : triage.label === 'unsure' ? 'unsure' : 'not-a-complaint';
    const mentioned = thread.mentioned.length ? `mentions ${thread.mentioned.join(', ')} (not the sender's)` : null;
    const inboundId = this.#store(mail, msg, u, null, disposition, triage ? `triage ${triage.label} (score ${triage.score})` : mentioned);
    if (triage) stmt(db, 'UPDATE inbound_messages SET triage_label = ?, triage_score = ?, triage_rules = ? WHERE id = ?').run(triage.label, triage.score, JSON.stringify(triage.matched), inboundId);
    if (disposition !== 'new-complaint') return { kind: 'skipped', disposition, detail: `triage ${triage!.label} (score ${triage!.score})`, complaintId: null };

    const opened = openComplaint(db, tenant, { inboundId, msg, understood: u, mentioned: thread.mentioned, receivedAt: mail.receivedAt, now, secret });
    return { kind: 'new-complaint', complaintId: opened.complaintId, reference: opened.reference };
  }
}
