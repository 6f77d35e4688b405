/**
 * Recognises mail that a machine sent, so the bot never answers it (SPEC §4 "Automatic mail").
 * A pure function of the parsed message and the tenant's policy: the first rule that matches
 * wins, strongest and most specific evidence first, and the verdict names that rule so the
 * record can show why no acknowledgement went out. When in doubt, a machine is not answered;
 * the families that need more than a header to recognise live in their own modules:
 * reports.ts (read receipts, ARF/DMARC/TLS reports, any multipart/report), listManager.ts
 * (list-manager notices and list software) and bounceLike.ts (carrier bounces shaped as replies).
 * Every rule reads headers, attachment types and at most the first BODY_SCAN_CHARS of text.
 */
import { headerValues, type ParsedMessage } from '../parse/types.js';
import { detectBounceLike } from './bounceLike.js';
import { detectListNotice, detectListSoftware } from './listManager.js';
import { isDeliverySystemAddress, localPart, stripComments } from './mailFacts.js';
import { detectReport } from './reports.js';

export { isDeliverySystemAddress } from './mailFacts.js';

export type AutomaticReason =
  | 'auto-submitted'
  | 'null-return-path'
  | 'system-sender'
  | 'precedence'
  | 'mailing-list'
  | 'auto-response-suppress'
  | 'autoreply-header'
  | 'own-loop'
  | 'own-address'
  | 'out-of-office'
  | 'too-many-hops'
  | 'read-receipt'
  | 'report'
  | 'list-manager'
  | 'bounce-like';

export interface AutomaticPolicy {
  /** Name of the loop header our outgoing mail carries, e.g. `X-Complaintdesk-Loop`. */
  loopHeader: string;
  /** Values we put in that header; seeing one of them back means our own mail is looping. */
  loopTokens: string[];
  /** The tenant's own addresses (the complaint address); mail From one of them is ours. */
  ownAddresses: string[];
  /** More Received headers than this means the mail is looping between servers. Default 25. */
  maxReceived?: number;
}

export type AutomaticVerdict = { automatic: false } | { automatic: true; reason: AutomaticReason; detail: string };

/** Default hop limit; RFC 5321 §6.3 suggests treating 100 hops as a loop, real mail takes < 15. */
export const DEFAULT_MAX_RECEIVED = 25;

const DETAIL_MAX_CHARS = 200;

/** RFC 3834 §2: any value other than "no" marks the mail as automatic. */
function autoSubmittedKeyword(value: string): string {
  return stripComments(value).split(';')[0]!.trim().toLowerCase();
}

/** No-reply style senders and bounce/VERP return addresses (`bounces-123@lists…`). */
function isUnattendedAddress(address: string): boolean {
  const local = localPart(address);
  return /(^|[-_.])(no[-_.]?reply|do[-_.]?not[-_.]?reply|dont[-_.]?reply)([-_.]|$)/.test(local) || /^bounces?([-_.=]|$)/.test(local);
}

// Mail-client markers for vacation/auto-responders that predate or ignore RFC 3834.
const AUTOREPLY_HEADERS = [
  'X-Autoreply',
  'X-Autorespond',
  'X-Autoresponse',
  'X-Autoresponder',
  'X-Auto-Reply',
  'X-Auto-Reply-From',
  'X-Autoreply-From',
  'X-Mail-Autoreply',
];

// Microsoft's X-Auto-Response-Suppress values that ask recipients not to auto-answer.
const SUPPRESS_VALUES = new Set(['all', 'oof', 'autoreply', 'dr', 'rn', 'nrn']);

const BULK_PRECEDENCE = new Set(['bulk', 'list', 'junk', 'auto_reply']);

// Reply/forward prefixes (Dutch, English, German, Scandinavian, French) and leading [tags].
const SUBJECT_PREFIX = /^\s*(?:(?:re|aw|antw|ant|sv|vs|fw|fwd|doorst|wg|tr|r)\s*(?:\[\d+\])?\s*[:：]|\[[^\]]{0,60}\])\s*/i;

// Out-of-office phrases as clients put them at the start of the subject.
const OOF_PHRASES = [
  'out of (?:the )?office',
  'automatic reply',
  'automatic response',
  'auto[- ]?reply',
  'auto[- ]?response',
  'automatisch antwoord',
  'automatisch bericht',
  'afwezigheidsmelding',
  'afwezigheidsbericht',
  'afwezig',
  'niet aanwezig',
  'niet op kantoor',
  'buiten kantoor',
  'vacation(?: reply| notice)?',
  'on vacation',
  'automatische antwort',
  'abwesenheitsnotiz',
];

// The phrase must stand alone or be followed by a separator or a date-ish continuation, so
// "Automatic reply not received" (a customer complaint about a reply) does not match.
const OOF_SUBJECT = new RegExp(
  `^(?:${OOF_PHRASES.join('|')})` + `(?:\\s*$|\\s*[:\\-–—(\\[|,.!/]|\\s+(?:until|till|from|to|on|tot|t/m|van|vanaf|op|bis|\\d))`,
  'i',
);

/** True when the subject is an out-of-office / vacation notice, under any reply prefixes. */
export function detectOutOfOfficeSubject(subject: string): boolean {
  let rest = subject;
  for (let i = 0; i < 10; i++) {
    const stripped = rest.replace(SUBJECT_PREFIX, '');
    if (stripped === rest) break;
    rest = stripped;
  }
  return OOF_SUBJECT.test(rest.trim());
}

function hit(reason: AutomaticReason, detail: string): AutomaticVerdict {
  const short = detail.length > DETAIL_MAX_CHARS ? `${detail.slice(0, DETAIL_MAX_CHARS)}…` : detail;
  return { automatic: true, reason, detail: short };
}

/**
 * The verdict on `msg`. `mailRules`, when given, is what mailRulesVerdict(msg, policy.loopHeader)
 * returned for this mail, worked out ahead (in the parse worker, src/ingest/analyse.ts): the rules
 * of the policy still run first, so their verdicts win where they always did.
 */
export function detectAutomatic(msg: ParsedMessage, policy: AutomaticPolicy, mailRules?: AutomaticVerdict): AutomaticVerdict {
  return policyRulesVerdict(msg, policy) ?? mailRules ?? mailRulesVerdict(msg, policy.loopHeader);
}

/**
 * The rules that read the tenant's policy, which come first: our loop token, our own address, the
 * hop limit. Null when none of them matches.
 */
export function policyRulesVerdict(msg: ParsedMessage, policy: AutomaticPolicy): AutomaticVerdict | null {
  const from = msg.from?.address.toLowerCase() ?? null;

  // Our own mail coming back is the one case where answering would start a mail loop.
  const loopTokens = new Set(policy.loopTokens.map((t) => t.trim().toLowerCase()));
  for (const value of headerValues(msg, policy.loopHeader)) {
    const token = value
      .toLowerCase()
      .split(/[\s,;]+/)
      .find((t) => loopTokens.has(t));
    if (token !== undefined) return hit('own-loop', `${policy.loopHeader}: ${value}`);
  }

  if (from !== null) {
    const own = policy.ownAddresses.map((a) => a.trim().toLowerCase());
    // klachten+x@ reaches the klachten@ mailbox on every common server, so it is ours too.
    const at = from.lastIndexOf('@');
    const untagged = at > 0 ? `${localPart(from)}${from.slice(at)}` : from;
    if (own.includes(from) || own.includes(untagged)) return hit('own-address', `From: ${from}`);
  }

  const received = headerValues(msg, 'received').length;
  const maxReceived = policy.maxReceived ?? DEFAULT_MAX_RECEIVED;
  if (received > maxReceived) {
    return hit('too-many-hops', `${received} Received headers (limit ${maxReceived})`);
  }
  return null;
}

/**
 * Every rule after the policy's, in order: they read only the mail (and the name of our loop
 * header, a constant), so the parse worker can run them before the mail's tenant is looked up.
 */
export function mailRulesVerdict(msg: ParsedMessage, loopHeader: string): AutomaticVerdict {
  const from = msg.from?.address.toLowerCase() ?? null;

  // A report says what it is in its structure; that beats whichever generic marker it also carries.
  const report = detectReport(msg);
  if (report !== null) return hit(report.reason, report.detail);

  const autoSubmitted = headerValues(msg, 'auto-submitted').find((v) => autoSubmittedKeyword(v) !== 'no');
  if (autoSubmitted !== undefined) return hit('auto-submitted', `Auto-Submitted: ${autoSubmitted}`);

  // The topmost Return-Path is the one the final delivery agent wrote (RFC 5321 §4.4).
  const returnPath = headerValues(msg, 'return-path')[0];
  if (returnPath !== undefined && /^<\s*>$/.test(stripComments(returnPath))) {
    return hit('null-return-path', `Return-Path: ${returnPath}`);
  }

  if (from !== null && (isDeliverySystemAddress(from) || isUnattendedAddress(from))) {
    return hit('system-sender', `From: ${from}`);
  }

  for (const name of AUTOREPLY_HEADERS) {
    const value = headerValues(msg, name).find((v) => !/^\s*(no|false|0)\s*$/i.test(v));
    if (value !== undefined) return hit('autoreply-header', `${name}: ${value}`);
  }

  const suppress = headerValues(msg, 'x-auto-response-suppress').find((v) => v.split(/[\s,;]+/).some((t) => SUPPRESS_VALUES.has(t.toLowerCase())));
  if (suppress !== undefined) return hit('auto-response-suppress', `X-Auto-Response-Suppress: ${suppress}`);

  // Before Precedence/List-*: a list manager's notice is worth naming as one.
  const notice = detectListNotice(msg);
  if (notice !== null) return hit('list-manager', notice.detail);

  const precedence = [...headerValues(msg, 'precedence'), ...headerValues(msg, 'x-precedence')].find((v) =>
    BULK_PRECEDENCE.has(stripComments(v).toLowerCase()),
  );
  if (precedence !== undefined) return hit('precedence', `Precedence: ${precedence}`);

  // RFC 2369 / RFC 2919: List-Id, List-Unsubscribe, List-Post, List-Help, List-Owner, …
  const listHeader = msg.headers.find((h) => h.key.startsWith('list-'));
  if (listHeader !== undefined) {
    const name = listHeader.key.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
    return hit('mailing-list', `${name}: ${listHeader.value}`);
  }

  // List traffic without RFC 2369 headers still carries its software's stamp.
  const software = detectListSoftware(msg);
  if (software !== null) return hit('list-manager', software.detail);

  const bounceLike = detectBounceLike(msg, loopHeader);
  if (bounceLike !== null) return hit('bounce-like', bounceLike.detail);

  if (detectOutOfOfficeSubject(msg.subject)) return hit('out-of-office', `Subject: ${msg.subject}`);

  return { automatic: false };
}
