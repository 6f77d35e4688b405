import type { LetterData, LetterName } from '../letters/data.js';
import type { Language } from '../text/language.js';
import { eventAppend } from '../store/events.js';
import { outboxEnqueue, outboxSetRendered, type OutboxDelivery, type OutboxMail } from '../store/outbox.js';
import type { Moment, TenantContext } from '../tenant/context.js';

/** A letter's template and its data, checked against letters/data.ts: the compiler catches a drift between what a caller builds and what the templates read. */
export type LetterPayload<K extends LetterName = LetterName> = K extends LetterName ? { template: K; data: LetterData<K> } : never;

/** `Omit` that keeps a union a union (one member per letter). */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type QueueLetterInput<K extends LetterName = LetterName> = LetterPayload<K> & QueueLetterOptions;

export interface QueueLetterOptions {
  complaint: { id: number; reference: string } | null;
  /** Outbox kind and Message-ID tag, e.g. `acknowledgement`, `bounce-alert`. */
  kind: string;
  lang: Language;
  to: { address: string; name: string | null };
  inReplyTo?: string | null;
  references?: string[];
  /** RFC 3834: `auto-replied` answers a mail, `auto-generated` is a notice nobody asked for. */
  autoSubmitted: 'auto-replied' | 'auto-generated' | null;
  notBefore?: Date;
  /** `held`: the circuit breaker holds it until a person releases it. */
  status?: 'pending' | 'held';
  holdReason?: string | null;
  /** What the mail server's acceptance of this letter settles (see OutboxMail.deliveries). */
  deliveries?: OutboxDelivery[];
  /** Keep template and data with the mail, so it can be rendered again (automatic letters: collapse). */
  keepRender?: boolean;
}

/** Message-ID tags are short: `acknowledgement` → `ack`. */
const TAGS: Record<string, string> = { acknowledgement: 'ack' };

/**
 * Render a letter and queue it in the caller's transaction, with its signed Message-ID fixed
 * now and a `letter:queued` event on the complaint. The tenant block every template sees is
 * filled here, once.
 *
 * While a backlog is stored (`renderLater`), an automatic letter is queued with its template and
 * data only and rendered when it is sent (`renderQueued`): the sender holds these until the backlog
 * is stored anyway, and rendering was a fifth of a stored mail's time. Rendering reads only the
 * data (no clock), so the letter is the same either way. A person's letter is rendered at once.
 */
export function queueLetter({ tenant, now, renderLater }: Moment, q: QueueLetterInput): string {
  const { cfg } = tenant;
  const later = renderLater === true && q.autoSubmitted !== null;
  const letter = later ? { subject: '', text: '', html: null } : renderLetter(tenant, q.template, q.lang, q.data);
  const messageId = tenant.ids.create(q.complaint?.reference ?? null, TAGS[q.kind] ?? q.kind);
  outboxEnqueue(
    tenant.db,
    {
      tenant: cfg.id,
      complaintId: q.complaint?.id ?? null,
      kind: q.kind,
      messageId,
      fromAddress: cfg.address,
      fromName: cfg.name,
      toAddress: q.to.address,
      toName: q.to.name,
      subject: letter.subject,
      text: letter.text,
      html: letter.html,
      inReplyTo: q.inReplyTo ?? null,
      references: (q.references ?? []).slice(-20),
      autoSubmitted: q.autoSubmitted,
      status: q.status ?? 'pending',
      holdReason: q.holdReason ?? null,
      deliveries: q.deliveries ?? [],
      render: q.keepRender || later ? { template: q.template, lang: q.lang, data: { ...q.data } } : null,
      unrendered: later,
    },
    now,
    q.notBefore,
  );
  eventAppend(tenant.db, {
    tenant: cfg.id,
    complaintId: q.complaint?.id ?? null,
    at: now,
    type: 'letter:queued',
    actor: { kind: 'system' },
    data: {
      kind: q.kind,
      messageId,
      to: q.to.address,
      ...(q.notBefore && q.notBefore > now ? { notBefore: q.notBefore.toISOString() } : {}),
      ...(q.status === 'held' ? { held: q.holdReason ?? true } : {}),
    },
  });
  return messageId;
}

/**
 * An unrendered letter (queued during a backlog) with its content, rendered now from its template
 * and data and written into its row; any other letter as it is. Throws when it cannot be rendered.
 */
export function renderQueued(tenant: TenantContext, mail: OutboxMail): OutboxMail {
  if (!mail.unrendered) return mail;
  if (!mail.render) throw new Error(`letter ${mail.messageId} was queued unrendered without its template and data`);
  const { subject, text, html } = renderLetter(tenant, mail.render.template, mail.render.lang, mail.render.data);
  outboxSetRendered(tenant.db, mail.id, { subject, text, html });
  return { ...mail, subject, text, html, unrendered: false };
}

/** A letter with the tenant block every template sees. */
export function renderLetter(tenant: TenantContext, template: string, lang: Language, data: object) {
  const { cfg } = tenant;
  // Typed where the letter is built (LetterPayload); a kept render comes back from the store as JSON.
  return tenant.letters.renderLoose(template, lang, { tenant: { name: cfg.name, address: cfg.address, footer: cfg.letters.footer }, ...data });
}
