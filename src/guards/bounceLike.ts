/**
 * Delivery failures dressed as replies: carriers and in-house gateways that send their
 * "could not be delivered" notice from an ordinary-looking mailbox (`post_master@`, `mailer@`,
 * `servicedesk@`, `info@`), under the original subject with `Re:`, without DSN structure,
 * null sender or Auto-Submitted. bounce.ts takes the ones it can read as a bounce; the rest
 * must still never be answered (SPEC §4: a machine is not a customer).
 *
 * What separates them from a customer who writes "my parcel could not be delivered":
 *  - the failure is stated in the machine's own opening words, before any forwarded or quoted
 *    copy, and about *a message* ("your message", "uw bericht", "Ihre Nachricht"), not a parcel;
 *  - and something else a mail system leaves: a system mailbox or display name, a bounce
 *    subject, SMTP status codes or diagnostics, the returned headers of our own mail.
 * The fixed NDR sentences of Exchange, Exim, Postfix and qmail need no second witness.
 * A forward (`Fwd:`, `Doorst:`) is a person passing a bounce on, and is never bounce-like.
 */
import type { ParsedMessage } from '../parse/types.js';
import { bodyHead, isForwardSubject, localPart, withoutReplyPrefixes } from './mailFacts.js';

export interface BounceLikeHit {
  detail: string;
}

/** The machine's own words: where a bounce states its news. */
const OPENING_CHARS = 800;

// Where the notice ends and a copy of someone's mail begins (forward/quote/original headers).
const COPY_START =
  /^(?:-{2,}[ \t]*(?:forwarded message|original message|oorspronkelijk bericht|doorgestuurd bericht|weitergeleitete nachricht|urspr[üu]ngliche nachricht|message d'origine|message transféré)|>|(?:on|op|am|le)[ \t][^\n]{1,200}[ \t](?:wrote|schreef|schrieb|a écrit)[ \t]*:?[ \t]*$)/im;

// Fixed sentences of MTA and Exchange non-delivery reports; each alone is a machine talking.
const MTA_SENTENCE = new RegExp(
  [
    'Delivery has failed to these recipients or groups',
    'Het bezorgen is mislukt voor deze ontvangers of groepen',
    'Die Zustellung an folgende Empfänger oder Gruppen ist fehlgeschlagen',
    'La remise aux destinataires ou groupes suivants a échoué',
    'Your message did not reach some or all of the intended recipients',
    'Uw bericht heeft sommige of alle (?:bedoelde )?geadresseerden niet bereikt',
    'Ihre Nachricht hat einige oder alle Empfänger nicht erreicht',
    'This is an automatically generated Delivery Status Notification',
    'This message was created automatically by mail delivery software',
    'This is the mail system at host',
    'This is the qmail-send program',
    'could not be delivered to one or more of its\\s+recipients',
  ].join('|'),
  'i',
);

// "A message was not delivered", as carriers word it; needs a second witness.
const MESSAGE_NOT_DELIVERED = new RegExp(
  [
    String.raw`\b(?:your|the|this)\s+(?:e-?mail\s+)?(?:message|mail|e-?mail)\b[^\n]{0,100}?\b(?:could\s*not|couldn't|cannot|can't|was\s+not|wasn't|has\s+not\s+been|did\s+not|didn't)\s+(?:be\s+)?(?:delivered|reach)`,
    String.raw`\b(?:uw|het|dit)\s+(?:e-?mail)?bericht\b[^\n]{0,100}?\b(?:kon|kan|is|werd)\s+niet\s+(?:worden\s+)?(?:bezorgd|afgeleverd)`,
    String.raw`\b(?:ihre|die|diese)\s+(?:e-?mail-?)?nachricht\b[^\n]{0,100}?\b(?:konnte|kann|wurde)\s+nicht\s+(?:zugestellt|übermittelt)`,
    String.raw`\b(?:votre|le|ce)\s+message\b[^\n]{0,100}?\bn'a\s+pas\s+pu\s+être\s+(?:remis|distribué)`,
    // A notice title on a line of its own: "Unzustellbar", "Onbestelbaar bericht", "Undeliverable message".
    String.raw`^[ \t]*(?:unzustellbar|onbestelbaar(?:\s+bericht)?|undeliverable(?:\s+(?:message|mail))?|non\s+remis|niet\s+bezorgd|delivery\s+(?:failed|failure)|message\s+not\s+delivered|mail\s+delivery\s+failed)[ \t]*:?[ \t]*$`,
  ].join('|'),
  'im',
);

// Subjects that name a delivery failure (after the carrier's Re:), as MTAs and gateways set them.
const BOUNCE_SUBJECT =
  /^(?:undeliverable|undelivered mail|unzustellbar|onbestelbaar|non remis|niet bezorgd|nicht zustellbar|mail delivery failed|delivery status notification|delivery failure|delivery has failed|returned mail|failure notice|message not delivered)\b/i;

// SMTP's own traces: enhanced status codes (RFC 3463), reply codes with their reason, DSN fields.
const SMTP_TRACE = new RegExp(
  [
    String.raw`(?<![\d.])[45]\.\d{1,3}\.\d{1,3}(?![\d.])`,
    String.raw`(?<![\d.])[45]\d\d[ -][^\n]{0,60}?\b(?:user|mailbox|recipient|address|unknown|rejected|denied|quota|full|unavailable|not found)\b`,
    'Remote Server returned',
    'Diagnostic-Code:',
    'Reporting-MTA:',
    'Final-Recipient:',
    'Diagnostic information for administrators',
    'Diagnostische gegevens voor beheerders',
    'Diagnoseinformationen für Administratoren',
  ].join('|'),
  'i',
);
const RETURNED_HEADERS = /^(?:Original message headers|Oorspronkelijke berichtkoppen|Urspr[üu]ngliche Nachrichtenkopfzeilen|En-têtes de message d'origine):/im;

// Mailboxes and display names of mail systems that are not postmaster/MAILER-DAEMON themselves.
const MACHINE_MAILBOX =
  /^(?:postmeister|mailer|mail[-_.]?(?:admin(?:istrator)?|system|server|gateway|gw|robot)|mailsystem|mailgate(?:way)?|smtp|mta|ndr|nobody|no[-_.]?delivery|(?:mail[-_.]?)?delivery(?:[-_.]?(?:status|notification|report))?|returned[-_.]?mail|returns?|undeliver(?:ed|able)|sysadmin|system|administrator|root|daemon|mdaemon)$/;
const MACHINE_NAME =
  /\b(?:mail delivery|postmaster|mailer|system administrator|mail administrator|mail ?system|delivery status|microsoft outlook|microsoft exchange)\b/i;

function machineSender(msg: ParsedMessage): string | null {
  if (!msg.from) return null;
  const address = msg.from.address.slice(0, 320);
  if (MACHINE_MAILBOX.test(localPart(address))) return `From: ${address}`;
  if (MACHINE_NAME.test(msg.from.name.slice(0, 200))) return `From: ${msg.from.name} <${address}>`;
  return null;
}

/** The first words of the body, up to any forwarded or quoted copy. */
export function openingWords(text: string): string {
  const head = text.replace(/^\s+/, '').slice(0, OPENING_CHARS);
  const cut = head.search(COPY_START);
  return cut >= 0 ? head.slice(0, cut) : head;
}

/**
 * A body that opens with an MTA's fixed non-delivery sentence and carries SMTP traces: strong
 * enough for bounce.ts to treat a reply-shaped mail from any sender as a bounce.
 */
export function opensAsDeliveryReport(text: string): boolean {
  const opening = openingWords(text.slice(0, OPENING_CHARS * 2));
  return MTA_SENTENCE.test(opening) && SMTP_TRACE.test(text.slice(0, OPENING_CHARS * 2));
}

export function detectBounceLike(msg: ParsedMessage, loopHeader: string): BounceLikeHit | null {
  if (isForwardSubject(msg.subject)) return null;
  const head = bodyHead(msg);
  const opening = openingWords(head);

  const sentence = MTA_SENTENCE.exec(opening);
  if (sentence) return { detail: `the body opens with "${sentence[0]}"` };

  const subject = withoutReplyPrefixes(msg.subject);
  const bySubject = BOUNCE_SUBJECT.test(subject);
  const byBody = MESSAGE_NOT_DELIVERED.exec(opening);
  if (!byBody && !bySubject) return null;

  const trace = SMTP_TRACE.exec(opening);
  // Only our own outgoing mail carries the loop header; a client quoting it never copies headers.
  const returned = RETURNED_HEADERS.test(head) || `\n${head.toLowerCase()}`.includes(`\n${loopHeader.toLowerCase()}:`);
  const witness =
    machineSender(msg) ??
    (byBody && bySubject ? `Subject: ${msg.subject}` : null) ??
    (trace ? `SMTP trace "${trace[0]}"` : null) ??
    (returned ? 'the returned headers of our mail' : null);
  if (witness === null) return null;
  const claim = byBody ? `"${byBody[0].trim()}"` : `Subject: ${msg.subject}`;
  return { detail: `${claim}; ${witness}` };
}
