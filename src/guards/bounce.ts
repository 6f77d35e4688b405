/**
 * Recognises delivery failures so the outbox mail they concern can be marked undelivered
 * (SPEC §3 sending, §4 "Bounces"). Two sources of truth:
 *  - RFC 3464 reports (`multipart/report; report-type=delivery-status`): the machine-readable
 *    `message/delivery-status` part and the returned message or headers. mailparser turns these
 *    parts into attachments inconsistently, so the raw source is split here, minimally.
 *  - The non-standard plain-text forms still in the wild (qmail, old Exim/Postfix, Exchange
 *    NDR text, Gmail): recognised by their fixed wording, and only when the sender is a mail
 *    system or both subject and body say so, so a customer writing "undelivered" is not a bounce.
 *    A reply-shaped notice from an ordinary mailbox counts only when its body opens with an
 *    MTA's fixed non-delivery sentence and SMTP traces (bounceLike.ts); anything weaker is left
 *    to detectAutomatic, which stores it unanswered without touching the outbox.
 * Pure: the same message and bytes always give the same report.
 */
import { headerValues, type ParsedMessage } from '../parse/types.js';
import { opensAsDeliveryReport } from './bounceLike.js';
import { isDeliverySystemAddress, isForwardSubject } from './mailFacts.js';

export interface BounceRecipient {
  address: string | null;
  /** DSN Action (failed, delayed, …); null for plain-text bounces. */
  action: string | null;
  /** Enhanced status code (RFC 3463), e.g. `5.1.1`. */
  status: string | null;
  diagnostic: string | null;
  permanent: boolean;
}

export interface BounceReport {
  kind: 'dsn' | 'heuristic';
  /** True when at least one recipient failed for good (the mail will not arrive). */
  permanent: boolean;
  recipients: BounceRecipient[];
  /** Message-IDs (without <>) of the mail that bounced, best evidence first. */
  originalMessageIds: string[];
  /** RFC 3461 ENVID we set when sending, echoed back as Original-Envelope-Id. */
  envelopeId: string | null;
}

/** Report parts come first; a hostile or huge mail must not cost more than this to scan. */
export const BOUNCE_SCAN_BYTES = 1024 * 1024;
const MAX_MIME_DEPTH = 4;
const MAX_MIME_PARTS = 64;
const MAX_RECIPIENT_REGION_CHARS = 8000;
const DIAGNOSTIC_MAX_CHARS = 300;

const DELIVERY_STATUS_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);
// RFC 3464 §2 allows the whole returned message or only its headers (RFC 6533: global forms).
const RETURNED_TYPES = new Set(['message/rfc822', 'text/rfc822-headers', 'message/global', 'message/global-headers']);
// A DSN that only reports success (NOTIFY=SUCCESS, relayed to a non-DSN MTA) is not a bounce.
const SUCCESS_ACTIONS = new Set(['delivered', 'relayed', 'expanded']);

const BOUNCE_SUBJECT =
  /undeliver(?:ed|able)|mail delivery (?:failed|failure|system)|delivery (?:status notification|failure|has failed|failed|delayed|incomplete)|returned mail|failure notice|delayed mail|could not send message|onbestelbaar|niet bezorgd|bezorgingsstatus|unzustellbar|nicht zustellbar|non remis/i;

// Fixed wording of MTA bounce texts; each alone is strong evidence, unlike "undelivered".
const BOUNCE_BODY = [
  /This is the qmail-send program/i, // qmail
  /wasn't able to deliver your message to the following addresses/i, // qmail
  /This message was created automatically by mail delivery software/i, // Exim
  /could not be delivered to one or more of its\s+recipients/i, // Exim
  /has not yet been delivered to one or more of its\s+recipients/i, // Exim delay warning
  /This is the mail system at host/i, // Postfix
  /I'm sorry to have to inform you that your message could not/i, // Postfix
  /Delivery has failed to these recipients or groups/i, // Exchange
  /Delivery to these recipients or groups is delayed|Delivery to the following recipients has been delayed/i,
  /Het bezorgen is mislukt voor deze ontvangers of groepen|Uw bericht (?:aan \S+ )?(?:kan|kon) niet worden bezorgd/i, // Exchange NL
  /Die Zustellung an folgende Empfänger oder Gruppen ist fehlgeschlagen/i, // Exchange DE
  /La remise aux destinataires ou groupes suivants a échoué/i, // Exchange FR
  /Your message did not reach some or all of the intended recipients/i, // Outlook
  /Remote Server returned '?[45]\d\d/i, // Exchange
  /Your message (?:to \S+ )?(?:couldn't|could not|wasn't|was not) (?:be )?delivered/i, // Office 365, Gmail
  /Delivery to the following recipients? (?:failed|has been delayed)/i, // Gmail (older)
  /There was a temporary problem delivering your message/i, // Gmail delay
  /\b5\d\d[ -]#?5\.\d{1,3}\.\d{1,3}\b/, // "550 5.1.1" as quoted by every MTA
];

const PERMANENT_TEXT = /permanent (?:fatal )?(?:error|failure)|failed permanently|I've given up|retry timeout exceeded/i;
const TEMPORARY_TEXT =
  /\bdelayed\b|\(Delay\)|has not yet been delivered|still being retried|will (?:continue to |be )?(?:re)?tr(?:y|ied)|temporary (?:problem|failure|error)|vertraagd|nog niet (?:kunnen worden |worden )?bezorgd/i;

const REPLY_OR_FORWARD = /^\s*(?:re|aw|antw|fw|fwd|doorst|wg|tr|sv)\s*[:：]/i;
const ADDRESS = `[A-Za-z0-9.!#$%&'*+/=?^_\`{|}~-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+`;
// A line that names a failed recipient: qmail/Postfix `<a@b>: reason`, Exim `  a@b`, Exchange `a@b (a@b)`.
const RECIPIENT_LINE = new RegExp(`^[ \\t]*<?(${ADDRESS})>?(?:[ \\t]*:(.*)|[ \\t]*\\([^)]*\\))?[ \\t]*$`);
const DELIVERED_TO = new RegExp(`(?:delivered to|bezorgd aan)\\s+<?(${ADDRESS})>?`, 'gi');
// Where the copy of the original message starts in a plain-text bounce.
const ORIGINAL_START =
  /^(?:-+ ?(?:Below this line is a copy of the message|This is a copy of the message|Original message|Oorspronkelijk bericht)|Original message headers:|Oorspronkelijke berichtkoppen:|(?:Return-Path|Received|Message-ID|DKIM-Signature|MIME-Version):[ \t])/im;
const ENHANCED_STATUS = /(?<![\d.])([245]\.\d{1,3}\.\d{1,3})(?![\d.])/;
const SMTP_REPLY = /(?<![\d.])[245]\d\d(?![\d.])[ -]|(?<![\d.])[245]\.\d{1,3}\.\d{1,3}(?![\d.])/;
const MESSAGE_ID_LINE = /^[ \t>]*Message-ID:[ \t]*\n?[ \t]*<([^<>\s]{1,250})>/gim;

type Fields = Array<[string, string]>;
interface Leaf {
  type: string;
  parent: string;
  fields: Fields;
  body: string;
}

/** Header block → [lower-cased name, unfolded value] in order. */
function parseFields(block: string): Fields {
  const out: Fields = [];
  for (const line of block.split('\n')) {
    const last = out[out.length - 1];
    if (/^[ \t]/.test(line) && last !== undefined) {
      last[1] = `${last[1]} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) out.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return out;
}

function field(fields: Fields, name: string): string | null {
  return fields.find(([key]) => key === name)?.[1] ?? null;
}

function splitEntity(text: string): { fields: Fields; body: string } {
  if (text.startsWith('\n')) return { fields: [], body: text.slice(1) };
  const end = text.indexOf('\n\n');
  if (end < 0) return { fields: parseFields(text), body: '' };
  return { fields: parseFields(text.slice(0, end)), body: text.slice(end + 2) };
}

function contentType(fields: Fields): { type: string; params: Map<string, string> } {
  const value = field(fields, 'content-type') ?? 'text/plain';
  const params = new Map<string, string>();
  for (const m of value.matchAll(/;\s*([\w!#$%&'*+.^`|~-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/g)) {
    params.set(m[1]!.toLowerCase(), m[2] ?? m[3] ?? '');
  }
  return { type: value.split(';')[0]!.trim().toLowerCase(), params };
}

function decodeBody(fields: Fields, body: string): string {
  const encoding = (field(fields, 'content-transfer-encoding') ?? '').trim().toLowerCase();
  if (encoding === 'base64') {
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8').replace(/\r\n?/g, '\n');
  }
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\n/g, '').replace(/=([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

function splitMultipart(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let current: string[] | null = null;
  for (const line of body.split('\n')) {
    if (line.startsWith(delimiter)) {
      const rest = line.slice(delimiter.length).trimEnd();
      if (rest === '' || rest === '--') {
        if (current !== null) parts.push(current.join('\n'));
        if (rest === '--' || parts.length >= MAX_MIME_PARTS) return parts;
        current = [];
        continue;
      }
    }
    current?.push(line);
  }
  // Unterminated (e.g. cut at the scan limit): keep what we have.
  if (current !== null) parts.push(current.join('\n'));
  return parts;
}

/** Leaf parts of the MIME tree with their parent's type; does not descend into message/rfc822. */
function collectLeaves(text: string, parent: string, depth: number, out: Leaf[]): void {
  if (out.length >= MAX_MIME_PARTS) return;
  const { fields, body } = splitEntity(text);
  const { type, params } = contentType(fields);
  const boundary = params.get('boundary');
  if (type.startsWith('multipart/') && boundary !== undefined && boundary !== '' && depth < MAX_MIME_DEPTH) {
    for (const part of splitMultipart(body, boundary)) collectLeaves(part, type, depth + 1, out);
    return;
  }
  out.push({ type, parent, fields, body });
}

function messageIdsIn(value: string): string[] {
  const bracketed = [...value.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]!);
  if (bracketed.length > 0) return bracketed;
  const bare = value.trim();
  return bare.includes('@') && !/\s/.test(bare) ? [bare] : [];
}

function cleanDiagnostic(value: string | null): string | null {
  if (value === null) return null;
  // Diagnostic-Code is `diagnostic-type; text` (RFC 3464 §2.3.6); the type is always smtp/X-…
  const text = value
    .replace(/^[\w-]+\s*;\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (text === '') return null;
  return text.length > DIAGNOSTIC_MAX_CHARS ? `${text.slice(0, DIAGNOSTIC_MAX_CHARS)}…` : text;
}

function statusOf(text: string | null): string | null {
  return text === null ? null : (ENHANCED_STATUS.exec(text)?.[1] ?? null);
}

/** Final-Recipient `rfc822; <a@b>` → `a@b`. */
function recipientAddress(value: string): string | null {
  const address = value
    .replace(/^[\w-]+\s*;\s*/, '')
    .trim()
    .replace(/^<|>$/g, '')
    .toLowerCase();
  return address === '' ? null : address;
}

function isPermanent(action: string | null, status: string | null, diagnostic: string | null): boolean {
  // RFC 3464 §2.3.3: "failed" means the MTA has given up, whatever the status class says.
  if (action === 'failed') return true;
  if (action !== null) return false;
  if (status !== null) return status.startsWith('5');
  return /^5\d\d\b/.test(diagnostic ?? '');
}

function parseDeliveryStatus(body: string): { envelopeId: string | null; recipients: BounceRecipient[] } {
  let envelopeId: string | null = null;
  const recipients: BounceRecipient[] = [];
  for (const group of body.split(/\n[ \t]*\n/).map(parseFields)) {
    const address = field(group, 'final-recipient') ?? field(group, 'original-recipient');
    if (address === null) {
      // Per-message fields; ENVID is xtext-encoded (RFC 3461 §4).
      const id = field(group, 'original-envelope-id');
      if (id !== null && envelopeId === null) {
        envelopeId = id.replace(/\+([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      }
      continue;
    }
    const action = /^[a-z]+/i.exec(field(group, 'action') ?? '')?.[0]?.toLowerCase() ?? null;
    const diagnostic = cleanDiagnostic(field(group, 'diagnostic-code'));
    const status = statusOf(field(group, 'status')) ?? statusOf(diagnostic);
    const permanent = isPermanent(action, status, diagnostic);
    recipients.push({ address: recipientAddress(address), action, status, diagnostic, permanent });
  }
  return { envelopeId, recipients };
}

/** Failed recipients named in a plain-text bounce, between its opening words and the copy of the original. */
function textRecipients(text: string, fallbackPermanent: boolean): BounceRecipient[] {
  const starts = BOUNCE_BODY.map((re) => text.search(re)).filter((i) => i >= 0);
  const start = starts.length > 0 ? Math.min(...starts) : 0;
  let region = text.slice(start, start + MAX_RECIPIENT_REGION_CHARS);
  const end = region.search(ORIGINAL_START);
  if (end >= 0) region = region.slice(0, end);

  const found = new Map<string, BounceRecipient>();
  const add = (address: string, block: string[]): void => {
    const smtpLine = block.find((line) => SMTP_REPLY.test(line));
    const diagnostic = cleanDiagnostic(smtpLine ?? block.join(' '));
    const status = statusOf(diagnostic);
    const code = /(?<![\d.])([45])\d\d(?![\d.])/.exec(diagnostic ?? '')?.[1];
    const permanent = status !== null ? status.startsWith('5') : code !== undefined ? code === '5' : fallbackPermanent;
    const key = address.toLowerCase();
    const known = found.get(key);
    // Exchange names each recipient twice: once for people, once with the SMTP reply.
    if (known === undefined || (known.status === null && status !== null) || known.diagnostic === null) {
      found.set(key, { address: key, action: null, status, diagnostic: diagnostic ?? known?.diagnostic ?? null, permanent });
    }
  };

  const lines = region.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = RECIPIENT_LINE.exec(lines[i]!);
    if (match === null) continue;
    const block = match[2] !== undefined && match[2].trim() !== '' ? [match[2]] : [];
    for (let j = i + 1; j < lines.length && lines[j]!.trim() !== '' && !RECIPIENT_LINE.test(lines[j]!); j++) {
      block.push(lines[j]!);
    }
    add(match[1]!, block);
  }
  for (const match of region.matchAll(DELIVERED_TO)) {
    if (!found.has(match[1]!.toLowerCase())) add(match[1]!, []);
  }
  return [...found.values()];
}

function scanMessageIds(...texts: string[]): string[] {
  return texts.flatMap((text) => [...text.matchAll(MESSAGE_ID_LINE)].map((m) => m[1]!));
}

function looksLikeBounce(msg: ParsedMessage, text: string): boolean {
  const returnPath = headerValues(msg, 'return-path')[0];
  // RFC 5321 §4.5.5: delivery reports are sent with a null reverse-path.
  const nullSender = returnPath !== undefined && /^<\s*>$/.test(returnPath.trim());
  const systemSender = msg.from !== null && isDeliverySystemAddress(msg.from.address);
  const subjectHit = BOUNCE_SUBJECT.test(msg.subject);
  const bodyHit = BOUNCE_BODY.some((re) => re.test(text));
  if (systemSender || nullSender) return subjectHit || bodyHit;
  // A person forwarding or quoting a bounce is writing to us, not bouncing.
  if (subjectHit && bodyHit && !REPLY_OR_FORWARD.test(msg.subject)) return true;
  // A gateway answering "Re: …" with an NDR of its own: its first words are the MTA's.
  return !isForwardSubject(msg.subject) && opensAsDeliveryReport(text);
}

const REPORT_TYPE = /multipart\/report/i;

export function parseBounce(msg: ParsedMessage, raw: Buffer): BounceReport | null {
  const text = msg.text.slice(0, BOUNCE_SCAN_BYTES);
  const head = raw.subarray(0, BOUNCE_SCAN_BYTES);
  // Walking the MIME tree is most of the cost of this check on every mail; a delivery report can
  // only be a multipart/report, whose media type is written out in a Content-Type header. The
  // type is ASCII: a latin1 view of the bytes finds it wherever the decoded source would.
  const maybeReport = REPORT_TYPE.test(head.toString('latin1'));
  // Nearly every mail is neither a report nor worded like a bounce: it is done with here, before
  // the source is decoded and the texts searched for what only a bounce needs.
  if (!maybeReport && !looksLikeBounce(msg, text)) return null;
  const source = head.toString('utf8').replace(/\r\n?/g, '\n');
  const textPermanent = PERMANENT_TEXT.test(text) || !TEMPORARY_TEXT.test(`${msg.subject}\n${text}`);
  const headerIds = [...msg.inReplyTo, ...msg.references];
  const body = splitEntity(source).body;

  const leaves: Leaf[] = [];
  if (maybeReport) collectLeaves(source, '', 0, leaves);
  const reportParts = leaves.filter((leaf) => leaf.parent === 'multipart/report');
  const statusPart = reportParts.find((leaf) => DELIVERY_STATUS_TYPES.has(leaf.type));

  let kind: BounceReport['kind'];
  let recipients: BounceRecipient[];
  let envelopeId: string | null = null;
  let ids: string[];
  if (statusPart !== undefined) {
    const dsn = parseDeliveryStatus(decodeBody(statusPart.fields, statusPart.body));
    if (dsn.recipients.length > 0 && dsn.recipients.every((r) => SUCCESS_ACTIONS.has(r.action ?? ''))) return null;
    const returned = reportParts
      .filter((leaf) => RETURNED_TYPES.has(leaf.type))
      .flatMap((leaf) => splitEntity(decodeBody(leaf.fields, leaf.body)).fields)
      .filter(([key]) => key === 'message-id')
      .flatMap(([, value]) => messageIdsIn(value));
    kind = 'dsn';
    recipients = dsn.recipients.length > 0 ? dsn.recipients : textRecipients(text, textPermanent);
    envelopeId = dsn.envelopeId;
    ids = [...returned, ...headerIds];
    if (ids.length === 0) ids = scanMessageIds(text, body);
  } else {
    if (!looksLikeBounce(msg, text)) return null;
    kind = 'heuristic';
    recipients = textRecipients(text, textPermanent);
    ids = [...scanMessageIds(text, body), ...headerIds];
  }

  const originalMessageIds = [...new Set(ids)].filter((id) => id !== msg.messageId);
  const permanent = recipients.length > 0 ? recipients.some((r) => r.permanent) : textPermanent;
  return { kind, permanent, recipients, originalMessageIds, envelopeId };
}
