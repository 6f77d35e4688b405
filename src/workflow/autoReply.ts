import { queueLetter, renderLetter, type DistributiveOmit, type QueueLetterInput } from '../outbox/queue.js';
import { autoReplyLast, autoReplyRecord, breakerReset, breakerTrip, breakerTrippedAt } from '../store/autoReplies.js';
import { eventAppend, SYSTEM } from '../store/events.js';
import type { Moment } from '../tenant/context.js';
import type { Language } from '../text/language.js';
import {
  outboxAutoCountSince,
  outboxAutoWaiting,
  outboxCancel,
  outboxComplaintIds,
  outboxComplaintsClosed,
  outboxHeld,
  outboxRequeue,
  type OutboxDelivery,
  type OutboxMail,
  type OutboxRender,
} from '../store/outbox.js';

/**
 * Automatic letters (acknowledgements, the automatic information request) are bounded, so a
 * robot that answers every letter, or a flood of mail, cannot make the desk send without end:
 *
 * - Per sender, RFC 3834 §2: at most one automatic letter per `autoReply.minHoursBetween`.
 *   A later one waits for the next slot; letters waiting for the same sender collapse into one
 *   — the newest complaint's letter, listing the others — so a slot releases one letter, never
 *   a burst, and a robot loop stays at one letter per period.
 * - Per tenant, a circuit breaker: more than `autoReply.maxPerHour` automatic letters in an hour
 *   holds every further one (status `held`) and tells the managers once. A person releases them
 *   (`complaintdesk outbox release`); a held letter whose complaints closed meanwhile is dropped.
 *
 * Letters a person asked for (#reply, #info, #outcome, …) never pass through here.
 */

const HOUR_MS = 3_600_000;

/** One automatic customer letter, as effects.ts builds it. */
export type AutoLetter = DistributiveOmit<
  QueueLetterInput<'acknowledgement' | 'information-request'>,
  'notBefore' | 'status' | 'holdReason' | 'keepRender' | 'autoSubmitted'
> & {
  complaint: { id: number; reference: string };
  deliveries: OutboxDelivery[];
};

/** The same letter, listing other complaints it also answers (both letters carry `alsoConcerning` alike). */
const alsoConcerning = (letter: AutoLetter, also: Concerning[] | null): AutoLetter =>
  also ? ({ ...letter, data: { ...letter.data, alsoConcerning: also } } as AutoLetter) : letter;

/** Reference and subject of a complaint as a collapsed letter lists it. */
interface Concerning {
  reference: string;
  subject: string;
}

export function queueAutomaticLetter(deps: Moment, letter: AutoLetter): void {
  const { tenant, now } = deps;
  const { db } = tenant;
  const cfg = tenant.cfg;
  const options = { autoSubmitted: 'auto-replied' as const, keepRender: true };

  let held = breakerTrippedAt(db, cfg.id) !== null;
  if (!held) {
    const lastHour = outboxAutoCountSince(db, cfg.id, new Date(now.getTime() - HOUR_MS));
    if (lastHour >= cfg.autoReply.maxPerHour) {
      held = true;
      if (breakerTrip(db, cfg.id, now, lastHour)) tellManagersBreakerTripped(deps, lastHour);
    }
  }
  if (held) {
    queueLetter(deps, {
      ...letter,
      ...options,
      status: 'held',
      holdReason: `circuit breaker: more than ${cfg.autoReply.maxPerHour} automatic letters in an hour`,
    });
    return;
  }

  let messageId: string | null = null;
  placeInSlot(
    deps,
    letter.to.address,
    { reference: letter.data.complaint.reference, also: letter.data.alsoConcerning },
    {
      emit: (notBefore, also, deliveries, holdReason) => {
        messageId = queueLetter(deps, { ...alsoConcerning(letter, also), ...options, deliveries, notBefore, holdReason });
      },
      deliveries: letter.deliveries,
      messageIdOf: () => messageId,
    },
  );
}

interface Candidate {
  /** Queue (or requeue) the letter with this slot and deliveries; `also`: the other complaints it now answers (null: unchanged). */
  emit(notBefore: Date, also: Concerning[] | null, deliveries: OutboxDelivery[], holdReason: string | null): void;
  deliveries: OutboxDelivery[];
  messageIdOf(): string | null;
}

/** The per-sender rule: the next free slot, collapsing with letters already waiting for it. */
function placeInSlot(deps: Moment, address: string, own: { reference: string | undefined; also: Concerning[] }, c: Candidate): void {
  const { tenant, now } = deps;
  const { db } = tenant;
  const cfg = tenant.cfg;
  const minMs = cfg.autoReply.minHoursBetween * HOUR_MS;
  const waiting = outboxAutoWaiting(db, cfg.id, address, now);
  if (waiting.length > 0) {
    // The newest letter survives and names the complaints of the ones it replaces; it keeps the
    // earliest slot, so collapsing never delays the customer further.
    const slot = new Date(Math.min(...waiting.map((w) => Date.parse(w.nextAttemptAt))));
    const listed = dedupe([...waiting.flatMap(concerningOf), ...own.also]).filter((x) => x.reference !== own.reference);
    const deliveries = [...c.deliveries, ...waiting.flatMap((w) => w.deliveries)];
    c.emit(slot, listed, deliveries, `one automatic letter per ${cfg.autoReply.minHoursBetween} h to this sender; ${waiting.length + 1} collapsed into one`);
    const into = c.messageIdOf();
    for (const w of waiting) cancelCollapsed(deps, w, into);
    return;
  }
  const last = autoReplyLast(db, cfg.id, address);
  // Letters caused by the same mail (same instant) count as one reply.
  if (last && last.getTime() !== now.getTime() && now.getTime() - last.getTime() < minMs) {
    const slot = new Date(Math.max(now.getTime(), last.getTime() + minMs));
    autoReplyRecord(db, cfg.id, address, slot);
    c.emit(slot, null, c.deliveries, `one automatic letter per ${cfg.autoReply.minHoursBetween} h to this sender`);
    return;
  }
  autoReplyRecord(db, cfg.id, address, now);
  c.emit(now, null, c.deliveries, null);
}

function concerningOf(m: OutboxMail): Concerning[] {
  const d = m.render?.data ?? {};
  const own = d.complaint as Concerning | undefined;
  return [...(own ? [{ reference: own.reference, subject: own.subject }] : []), ...((d.alsoConcerning as Concerning[] | undefined) ?? [])];
}

function dedupe(list: Concerning[]): Concerning[] {
  const seen = new Set<string>();
  return list.filter((x) => (seen.has(x.reference) ? false : (seen.add(x.reference), true)));
}

function cancelCollapsed(deps: Moment, m: OutboxMail, into: string | null): void {
  outboxCancel(deps.tenant.db, m.id, into ? `collapsed into <${into}>` : 'collapsed into a later letter to the same sender');
  eventAppend(deps.tenant.db, {
    tenant: deps.tenant.id,
    complaintId: m.complaintId,
    at: deps.now,
    type: 'letter:collapsed',
    actor: SYSTEM,
    data: { kind: m.kind, messageId: m.messageId, to: m.toAddress, ...(into ? { into } : {}) },
  });
}

function tellManagersBreakerTripped(deps: Moment, count: number): void {
  const { tenant, now } = deps;
  const { db } = tenant;
  const cfg = tenant.cfg;
  eventAppend(db, {
    tenant: cfg.id,
    complaintId: null,
    at: now,
    type: 'auto-reply:breaker-tripped',
    actor: SYSTEM,
    data: { count, limit: cfg.autoReply.maxPerHour },
  });
  for (const m of cfg.people.filter((p) => p.role === 'manager')) {
    queueLetter(deps, {
      complaint: null,
      kind: 'auto-reply-hold',
      template: 'auto-reply-hold',
      lang: m.language ?? cfg.language,
      to: { address: m.email, name: m.name },
      data: { person: { name: m.name }, hold: { count, limit: cfg.autoReply.maxPerHour, since: now.toISOString(), tenantId: cfg.id } },
      autoSubmitted: 'auto-generated',
    });
  }
}

/**
 * A held letter re-rendered to list the letters it absorbed. Its data was stored when it was
 * queued; a letter held across an upgrade whose templates read a field that data lacks cannot be
 * rendered again — it then goes as first rendered (its deliveries still settle every deadline).
 */
function renderAgain(tenant: Moment['tenant'], template: string, lang: Language, data: object) {
  try {
    return renderLetter(tenant, template, lang, data);
  } catch {
    return null;
  }
}

export interface ReleaseResult {
  released: number;
  cancelled: number;
  wasTripped: boolean;
}

/**
 * A person releases what the circuit breaker held: the breaker is reset, letters whose
 * complaints closed meanwhile are cancelled, the rest take their per-sender slots (collapsing
 * per sender as usual). Run inside a transaction.
 */
export function releaseHeld(deps: Moment): ReleaseResult {
  const { tenant, now } = deps;
  const { db } = tenant;
  const wasTripped = breakerReset(db, tenant.cfg.id);
  let released = 0;
  let cancelled = 0;
  for (const m of outboxHeld(db, tenant.cfg.id)) {
    if (outboxComplaintsClosed(db, outboxComplaintIds(m))) {
      outboxCancel(db, m.id, 'the complaint was closed while the letter was held');
      eventAppend(db, {
        tenant: tenant.cfg.id,
        complaintId: m.complaintId,
        at: now,
        type: 'letter:cancelled',
        actor: SYSTEM,
        data: { kind: m.kind, messageId: m.messageId, reason: 'closed while held' },
      });
      cancelled++;
      continue;
    }
    const render: OutboxRender | null = m.render;
    const kept = (render?.data ?? {}) as { complaint?: Concerning; alsoConcerning?: Concerning[] };
    placeInSlot(
      deps,
      m.toAddress,
      { reference: kept.complaint?.reference, also: kept.alsoConcerning ?? [] },
      {
        deliveries: m.deliveries,
        messageIdOf: () => m.messageId,
        emit: (notBefore, also, deliveries, holdReason) => {
          const data = also ? { ...render?.data, alsoConcerning: also } : render?.data;
          // Rendered again when it now answers more complaints, or when it was queued unrendered (during a backlog).
          const again = render && (also || m.unrendered) ? renderAgain(tenant, render.template, render.lang, data!) : null;
          outboxRequeue(db, m.id, {
            subject: again?.subject ?? m.subject,
            text: again?.text ?? m.text,
            html: again?.html ?? m.html,
            // Not rendered here (its data no longer renders): the sender tries when it sends it, and says why it failed.
            unrendered: m.unrendered && !again,
            deliveries,
            render: render ? { ...render, data: data! } : null,
            notBefore,
            holdReason,
          });
        },
      },
    );
    eventAppend(db, {
      tenant: tenant.cfg.id,
      complaintId: m.complaintId,
      at: now,
      type: 'letter:released',
      actor: SYSTEM,
      data: { kind: m.kind, messageId: m.messageId },
    });
    released++;
  }
  return { released, cancelled, wasTripped };
}
