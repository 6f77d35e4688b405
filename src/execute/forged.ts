import type { Person } from '../config/schema.js';
import { queueLetter } from '../outbox/queue.js';
import type { Language } from '../text/language.js';
import { eventAppend, senderActor } from '../store/events.js';
import { forgedAlertKey, forgedAlertLast, noticeClaim } from '../store/sentNotices.js';
import type { CommandMail } from './commandContext.js';

/**
 * At most one forged-command alert per person per this many ms. Every attempt is still refused
 * and recorded; a forger mailing in a loop must not turn the desk into a mail cannon aimed at
 * the very person they impersonate (nor bury the first, useful alert).
 */
export const FORGED_ALERT_INTERVAL_MS = 60 * 60_000;

/**
 * Why the proof failed, as a sentence for the person (the history keeps the authenticator's
 * technical words). Known shapes are written out; anything else gets the general reason.
 */
export function reasonText(reason: string, lang: Language): string {
  const nl = lang === 'nl';
  const headers = /^(\d+) From headers$/u.exec(reason);
  if (headers)
    return nl ? `de e-mail had ${headers[1]} afzenderregels (From) in plaats van één` : `the mail had ${headers[1]} sender lines (From) instead of one`;
  const dmarc = /^(\S+) recorded (?:dmarc=(\w+)|no DMARC result)/u.exec(reason);
  if (dmarc)
    return nl
      ? `de mailserver (${dmarc[1]}) kon niet bevestigen dat de e-mail van uw domein komt${dmarc[2] ? ` (DMARC: ${dmarc[2]})` : ''}`
      : `the mail server (${dmarc[1]}) could not confirm that the mail comes from your domain${dmarc[2] ? ` (DMARC: ${dmarc[2]})` : ''}`;
  return nl
    ? 'de e-mail is geen antwoord op een e-mail van complaintdesk aan u, en de mailserver heeft niet bevestigd (DKIM/DMARC) dat hij van u komt'
    : 'the mail is not a reply to a complaintdesk mail to you, and the mail server did not confirm (DKIM/DMARC) that it comes from you';
}

/**
 * A command in a person's name without proof: refused and recorded, and the real person is told
 * — at most once an hour; the next alert says how many attempts were not mailed in between.
 */
export function refuseForgedCommand(m: CommandMail, person: Person, reason: string): void {
  const { tenant, now, msg, complaint } = m;
  const { db } = tenant;
  const last = forgedAlertLast(db, tenant.id, person.id);
  const mail = !last || now.getTime() - last.at.getTime() >= FORGED_ALERT_INTERVAL_MS;
  const eventId = eventAppend(db, {
    tenant: tenant.id,
    complaintId: complaint?.id ?? null,
    at: now,
    type: 'command:rejected-unauthenticated',
    actor: senderActor(msg.from?.address ?? ''),
    data: { claimedPerson: person.id, subject: msg.subject, messageId: msg.messageId, reason, alert: mail ? 'mailed' : 'held' },
  });
  noticeClaim(db, {
    key: forgedAlertKey(tenant.id, person.id, eventId),
    tenant: tenant.id,
    kind: 'forged-alert',
    complaintId: complaint?.id ?? null,
    status: mail ? 'sent' : 'held',
    at: now,
  });
  if (!mail) return;
  // To the configured address — never to a Reply-To or the forged mail's sender.
  queueLetter(m, {
    complaint: complaint ? { id: complaint.id, reference: complaint.reference } : null,
    kind: 'forged-command-alert',
    template: 'forged-command-alert',
    lang: tenant.people.languageOf(person),
    to: { address: person.email, name: person.name },
    data: {
      person: { name: person.name },
      complaint: complaint ? { reference: complaint.reference, subject: complaint.subject } : null,
      attempt: { from: msg.from?.address ?? '', subject: msg.subject, at: now.toISOString(), reason: reasonText(reason, tenant.people.languageOf(person)) },
      // Omitted (not 0) when nothing was held: the templates show the sentence only then.
      ...(last && last.heldSince > 0 ? { notMailed: { count: last.heldSince, since: last.at.toISOString() } } : {}),
    },
    autoSubmitted: 'auto-generated',
  });
}
