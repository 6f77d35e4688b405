/**
 * Machine reports: mail whose whole purpose is to report on other mail. None of it is ever
 * written by a person to us, so none of it is answered (SPEC §4 "Automatic mail").
 *  - Read receipts (RFC 8098 MDNs): `multipart/report; report-type=disposition-notification`,
 *    a `message/disposition-notification` part, or the text-only receipts some gateways make of
 *    them ("Read: …" / "Gelezen: …" with the client's fixed wording).
 *  - Every other `multipart/report` (RFC 6522), whatever its report-type: ARF feedback and
 *    DMARC failure reports (RFC 5965, RFC 6591), TLS reports (RFC 8460), delivery reports that
 *    are not bounces (RFC 3464 "relayed" / "delivered"), vendor types.
 *  - DMARC aggregate reports (RFC 7489 §7.2.1.1) and TLS-RPT mail, which arrive as plain
 *    multipart/mixed with a compressed attachment: recognised by the RFC's subject and file
 *    name forms, by report headers, or by a reporting mailbox sending a compressed XML file.
 *  - Feedback-loop complaints that are not ARF (Microsoft JMRP: a fixed subject naming an IP).
 * Pure and bounded: headers, attachment names and types, and the head of the body only.
 */
import type { ParsedMessage } from '../parse/types.js';
import { bodyHead, firstHeader, fullLocalPart, isForwardSubject, topContentType } from './mailFacts.js';

export interface ReportHit {
  reason: 'read-receipt' | 'report';
  detail: string;
}

// RFC 8098 §3: the machine-readable part of an MDN.
const MDN_TYPES = new Set(['message/disposition-notification', 'message/global-disposition-notification']);
// Machine-readable report parts that only a reporting agent writes (RFC 3464, RFC 5965, RFC 6533).
const REPORT_PART_TYPES = new Set(['message/feedback-report', 'message/delivery-status', 'message/global-delivery-status']);

// Read-receipt subject prefixes of the common clients, in the languages our customers use.
const RECEIPT_SUBJECT =
  /^\s*(?:read|not read|gelezen|niet gelezen|gelesen|ungelesen|nicht gelesen|lu|non lu|le[ií]do|letto|return receipt(?: \([a-z-]+\))?|read receipt|leesbevestiging|lesebestätigung)\s*[:：-]/i;
// The fixed sentences of those receipts' text (Outlook, Exchange, Thunderbird, Apple Mail, Notes).
const RECEIPT_BODY =
  /\bwas read on\b|\bwas deleted without being read\b|\bis gelezen op\b|\bis verwijderd zonder(?: te zijn)? gelezen\b|\bwurde am\b[^\n]{0,120}\bgelesen\b|\ba été lu le\b|This is a Return Receipt for the mail that you sent|This Return Receipt only acknowledges|Dit is een leesbevestiging|Your document:[^\n]{0,200}\n[^\n]{0,40}was received by/i;
// RFC 8098 §3.2.6 disposition field, when a gateway turned the report into text.
const DISPOSITION_LINE = /^Disposition:[ \t]*(?:manual|automatic)-action\/MDN-sent-(?:manually|automatically)[ \t]*;/im;

// RFC 7489 §7.2.1.1 "Report Domain: … Submitter: …", reused by RFC 8460 §5.3 for TLS reports.
const AGGREGATE_SUBJECT = /^\s*(?:\[[^\]]{0,40}\]\s*)?report[ \t]+domain:[ \t]*\S+[ \t]+submitter:[ \t]*\S+/i;
// RFC 7489 §7.2.1.1 file name: receiver "!" policy-domain "!" begin "!" end [ "!" unique-id ] "." ext.
const AGGREGATE_FILENAME = /^[^!\s/\\]{1,255}![^!\s/\\]{1,255}!\d{1,20}!\d{1,20}(?:![^!\s/\\]{0,255})?\.(?:xml|json|zip|gz|xml\.gz|json\.gz|xml\.zip)$/i;
const COMPRESSED_OR_XML = new Set([
  'application/zip',
  'application/x-zip-compressed',
  'application/gzip',
  'application/x-gzip',
  'application/xml',
  'text/xml',
  'application/tlsrpt+gzip',
  'application/tlsrpt+json',
]);
const COMPRESSED_OR_XML_NAME = /\.(?:zip|gz|xml)$/i;
// Mailboxes that send aggregate reports: dmarcreport@, noreply-dmarc-support@, dmarc_agg@, rua@, tlsrpt@.
const REPORTING_MAILBOX = /(?:^|[-_.])(?:dmarc\w*|rua|tls-?rpt|tls-?reports?)(?:[-_.]|$)/;
// A subject that opens as a report title ("DMARC Aggregate Report for …", "TLS-RPT report"); a
// customer's "Klacht: DMARC staat nog op none" with their reports zipped up is not one.
const REPORT_TITLE = /^\s*(?:\[[^\]]{0,40}\]\s*)?(?:dmarc|tls-?rpt)\b[^\n]{0,60}?\b(?:aggregate|rua|report)\b/i;

// Microsoft's Junk Mail Reporting Program predates ARF and still sends this exact subject.
const JMRP_SUBJECT = /^\s*complaint about message from \d{1,3}(?:\.\d{1,3}){3}\s*$/i;

const FEEDBACK_TYPE = /^Feedback-Type:[ \t]*([\w-]{1,40})/im;
const PART_SCAN_BYTES = 2048;

function readReceipt(msg: ParsedMessage, reportType: string | null): ReportHit | null {
  if (reportType === 'disposition-notification') {
    return { reason: 'read-receipt', detail: 'Content-Type: multipart/report; report-type=disposition-notification' };
  }
  const top = topContentType(msg).type;
  if (MDN_TYPES.has(top)) return { reason: 'read-receipt', detail: `Content-Type: ${top}` };
  const part = msg.attachments.find((a) => MDN_TYPES.has(a.contentType.toLowerCase()));
  if (part) return { reason: 'read-receipt', detail: `a ${part.contentType.toLowerCase()} part` };
  // Text-only receipts: the subject prefix alone is what a person might type ("Gelezen: uw brief"),
  // so the client's fixed receipt sentence must be there too.
  const head = bodyHead(msg);
  if (RECEIPT_SUBJECT.test(msg.subject) && (RECEIPT_BODY.test(head) || DISPOSITION_LINE.test(head))) {
    return { reason: 'read-receipt', detail: `Subject: ${msg.subject}` };
  }
  // A person forwarding a receipt inline also brings this field along, and is writing to us.
  if (DISPOSITION_LINE.test(head) && !isForwardSubject(msg.subject)) {
    return { reason: 'read-receipt', detail: 'an MDN Disposition field in the text' };
  }
  return null;
}

function feedbackType(msg: ParsedMessage): string | null {
  const part = msg.attachments.find((a) => a.contentType.toLowerCase() === 'message/feedback-report');
  if (!part) return null;
  return FEEDBACK_TYPE.exec(part.content.subarray(0, PART_SCAN_BYTES).toString('utf8'))?.[1]?.toLowerCase() ?? null;
}

function aggregateReport(msg: ParsedMessage): ReportHit | null {
  if (AGGREGATE_SUBJECT.test(msg.subject)) return { reason: 'report', detail: `aggregate report, Subject: ${msg.subject}` };
  const named = msg.attachments.find((a) => a.filename !== null && AGGREGATE_FILENAME.test(a.filename));
  if (named) return { reason: 'report', detail: `aggregate report attached: ${named.filename}` };
  for (const name of ['tls-report-domain', 'tls-report-submitter']) {
    const value = firstHeader(msg, name);
    if (value !== null) return { reason: 'report', detail: `${name === 'tls-report-domain' ? 'TLS-Report-Domain' : 'TLS-Report-Submitter'}: ${value}` };
  }
  // A reporting mailbox, or a report title, together with a compressed or XML file: the shape of
  // every aggregate report whatever the sender calls it.
  const archive = msg.attachments.find(
    (a) => COMPRESSED_OR_XML.has(a.contentType.toLowerCase()) || (a.filename !== null && COMPRESSED_OR_XML_NAME.test(a.filename)),
  );
  if (archive) {
    const from = msg.from ? fullLocalPart(msg.from.address.slice(0, 320)) : '';
    if (REPORTING_MAILBOX.test(from) || REPORT_TITLE.test(msg.subject)) {
      return { reason: 'report', detail: `aggregate report from ${msg.from?.address ?? 'unknown'}: ${archive.filename ?? archive.contentType}` };
    }
  }
  return null;
}

/** A read receipt or a machine report, or null. */
export function detectReport(msg: ParsedMessage): ReportHit | null {
  const top = topContentType(msg);
  const reportType = top.type === 'multipart/report' ? (top.params.get('report-type')?.toLowerCase() ?? '') : null;

  const receipt = readReceipt(msg, reportType);
  if (receipt) return receipt;

  if (reportType !== null) {
    const feedback = reportType === 'feedback-report' ? feedbackType(msg) : null;
    const kind = reportType === '' ? 'no report-type' : `report-type=${reportType}`;
    return { reason: 'report', detail: `Content-Type: multipart/report; ${kind}${feedback ? ` (Feedback-Type: ${feedback})` : ''}` };
  }
  // A report part nested in another multipart (wrapped by a gateway or a forwarding rule).
  const part = msg.attachments.find((a) => REPORT_PART_TYPES.has(a.contentType.toLowerCase()));
  if (part) return { reason: 'report', detail: `a ${part.contentType.toLowerCase()} part` };

  if (JMRP_SUBJECT.test(msg.subject)) return { reason: 'report', detail: `feedback-loop complaint, Subject: ${msg.subject}` };
  return aggregateReport(msg);
}
