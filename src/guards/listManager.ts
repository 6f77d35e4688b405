/**
 * Mailing-list managers (Mailman 2/3, Sympa, ezmlm, Majordomo, LISTSERV, fml, Google Groups,
 * groups.io). Two kinds of evidence, checked at two points of detectAutomatic's order:
 *  - notices: the manager writing to us itself (moderation holds, subscription confirmations,
 *    command results, membership reminders, probes). Its own addresses (RFC 2142 `list-request`,
 *    Mailman `-owner`/`-bounces`/`-confirm`, `owner-` of Majordomo and Sympa, `+owners` of
 *    Google Groups) and its fixed subjects say so. Answering one is how a desk ends up
 *    subscribed to a list, or in a loop with a robot that answers every mail.
 *  - software headers (X-Mailman-*, X-BeenThere, X-Loop, X-ML-*, ezmlm's Mailing-List, …) on
 *    list traffic that lacks the RFC 2369 List-* headers.
 * `-admin` is also a common name for people's team mailboxes (`facilitair-admin@`), so it counts
 * only together with list-manager wording.
 */
import type { ParsedMessage } from '../parse/types.js';
import { bodyHead, fullLocalPart, withoutReplyPrefixes } from './mailFacts.js';

export interface ListManagerHit {
  detail: string;
}

const ADDRESS_SCAN_CHARS = 320;

// The list software's own mailboxes.
const MANAGER_MAILBOX = /^(?:mailman|majordomo|listserv|listproc|sympa|ezmlm|ecartis|smartlist|lyris|listmaster|list-?manager|mlmmj)$/;
// Per-list role addresses: `leden-owner`, `leden-request`, `leden-bounces+x=y`, `leden-confirm+token`, `owner-leden`.
const ROLE_SUFFIX = /-(?:owner|request|bounces?|confirm)$/;
const ROLE_PREFIX = /^owner-[^\s@]/;
// Google Groups `group+owners@`, groups.io `group+owner@`, Mailman 3 `list-confirm+token@`.
const ROLE_SUBADDRESS = /\+(?:owners?|moderators?|managers?)$/;
const ADMIN_SUFFIX = /-admin$/;

// Fixed subjects of manager notices (Mailman 2/3, Sympa, ezmlm, Google Groups, groups.io, LISTSERV).
const NOTICE_SUBJECT = new RegExp(
  [
    'awaits moderator approval',
    'is being held until the list moderator',
    '^google groups: message pending\\b',
    '^message approval needed\\b',
    '^message for list \\S{1,200} from \\S{1,320} to be approved',
    'message distribution: authorization requested',
    '^results of your commands$',
    '^uncaught bounce notification\\b',
    'mailing list memberships reminder$',
    '^confirm [0-9a-f]{16,64}$',
    '^confirm (?:subscribe|unsubscribe) to \\S{1,320}@',
    '^welcome to the "[^"]{1,200}" mailing list',
    '^you have been unsubscribed from the \\S{1,200} mailing list',
    'mailing list probe message$',
    '^bounce action notification$',
  ].join('|'),
  'i',
);
// What an -admin notice says about itself.
const NOTICE_BODY = /\bmailing ?list\b|\bmailinglijst\b|\bmoderator\b|\bmoderation\b|\bsubscription\b|\babonnement\b|\blist administrator\b|\bMailman\b/i;

// List software stamps (exact names) and families (prefixes). X-Loop: procmail, Sympa, SmartList, fml.
const SOFTWARE_HEADERS = new Map([
  ['x-beenthere', 'X-BeenThere'],
  ['x-list-administrivia', 'X-List-Administrivia'],
  ['x-loop', 'X-Loop'],
  ['mailing-list', 'Mailing-List'],
  ['x-mailing-list', 'X-Mailing-List'],
  ['x-mlserver', 'X-MLServer'],
  ['x-google-loop', 'X-Google-Loop'],
  ['x-ecartis-version', 'X-Ecartis-Version'],
  ['x-listprocessor-version', 'X-Listprocessor-Version'],
  ['x-listserver', 'X-Listserver'],
]);
const SOFTWARE_PREFIXES = ['x-mailman-', 'x-ml-', 'x-sympa-'];

function headerName(key: string): string {
  const named = SOFTWARE_HEADERS.get(key);
  if (named !== undefined) return named;
  const title = key.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
  return title.replace(/^X-Ml-/, 'X-ML-');
}

/** The list manager writing to us: by its address or its notice subject. */
export function detectListNotice(msg: ParsedMessage): ListManagerHit | null {
  const administrivia = msg.headers.find((h) => h.key === 'x-list-administrivia' && /^\s*yes\b/i.test(h.value));
  if (administrivia) return { detail: `X-List-Administrivia: ${administrivia.value}` };

  const address = msg.from?.address.slice(0, ADDRESS_SCAN_CHARS) ?? '';
  const full = fullLocalPart(address);
  const plus = full.indexOf('+');
  const base = plus > 0 ? full.slice(0, plus) : full;
  if (MANAGER_MAILBOX.test(base) || ROLE_SUFFIX.test(base) || ROLE_PREFIX.test(base) || ROLE_SUBADDRESS.test(full)) {
    return { detail: `From: ${address}` };
  }

  const subject = withoutReplyPrefixes(msg.subject);
  if (NOTICE_SUBJECT.test(subject)) return { detail: `Subject: ${msg.subject}` };

  if (ADMIN_SUFFIX.test(base) && NOTICE_BODY.test(bodyHead(msg))) return { detail: `From: ${address}, with mailing-list wording` };
  return null;
}

/** List software headers on mail that has no RFC 2369 List-* headers. */
export function detectListSoftware(msg: ParsedMessage): ListManagerHit | null {
  const header = msg.headers.find((h) => SOFTWARE_HEADERS.has(h.key) || SOFTWARE_PREFIXES.some((p) => h.key.startsWith(p)));
  return header ? { detail: `${headerName(header.key)}: ${header.value}` } : null;
}
