import type { AddressObject, EmailAddress, ParsedMail } from 'mailparser';
import { htmlToPlainText } from '../text/htmlToText.js';
import { parseMessageIdList } from '../thread/references.js';
import type { HeaderLine, MailAddress, ParsedMessage } from './types.js';

/**
 * Turn mailparser's result into the pipeline's ParsedMessage. Runs inside the parse worker.
 * Every string leaving here is well-formed UTF-16 (so valid UTF-8 once stored) without NULs.
 */
export function cleanText(s: string): string {
  // NUL and lone surrogates (from broken charsets) would corrupt SQLite text and JSON.
  // eslint-disable-next-line no-control-regex -- NUL is exactly what must go
  return s.replace(/\u0000/g, '').toWellFormed();
}

function flatten(list: EmailAddress[], out: MailAddress[]): void {
  for (const a of list) {
    if (a.group) flatten(a.group, out);
    else if (a.address)
      out.push({
        name: cleanText(a.name ?? '')
          .replace(/[\r\n]+/g, ' ')
          .trim(),
        address: cleanText(a.address).toLowerCase().trim(),
      });
  }
}

function addresses(v: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const out: MailAddress[] = [];
  for (const o of v === undefined ? [] : Array.isArray(v) ? v : [v]) flatten(o.value, out);
  return out;
}

/** Message ids from In-Reply-To/References, which may arrive as a string or (mailparser) an array. */
function messageIdList(v: string | string[] | undefined): string[] {
  return parseMessageIdList(Array.isArray(v) ? v.join(' ') : (v ?? '')).map(cleanText);
}

function headerLines(parsed: ParsedMail): HeaderLine[] {
  return parsed.headerLines.map((h) => {
    const colon = h.line.indexOf(':');
    const value = colon >= 0 ? h.line.slice(colon + 1) : '';
    return { key: cleanText(h.key.toLowerCase()), value: cleanText(value.replace(/\r?\n[ \t]+/g, ' ').trim()) };
  });
}

/**
 * The Date header as stated, or null. mailparser substitutes the current time for a Date it
 * cannot parse; an invented sent date is worse than none, so the raw header must agree.
 */
function sentDate(parsed: ParsedMail): Date | null {
  const d = parsed.date;
  if (!d || Number.isNaN(d.getTime())) return null;
  const stated = parsed.headerLines
    .filter((h) => h.key.toLowerCase() === 'date')
    .map((h) =>
      new Date(
        h.line
          .slice(h.line.indexOf(':') + 1)
          .replace(/\r?\n[ \t]+/g, ' ')
          .trim(),
      ).getTime(),
    );
  return stated.includes(d.getTime()) ? d : null;
}

export function normalise(parsed: ParsedMail): ParsedMessage {
  const from = addresses(parsed.from)[0] ?? null;
  const messageId = parsed.messageId ? (messageIdList(parsed.messageId)[0] ?? null) : null;
  return {
    messageId,
    inReplyTo: messageIdList(parsed.inReplyTo),
    references: messageIdList(parsed.references),
    subject: cleanText(parsed.subject ?? '').replace(/[\r\n]+/g, ' '),
    from,
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    replyTo: addresses(parsed.replyTo),
    date: sentDate(parsed),
    headers: headerLines(parsed),
    // HTML-only mail: our own bounded converter (depth and size capped), not mailparser's.
    text: cleanText(parsed.text?.trim() ? parsed.text : typeof parsed.html === 'string' ? htmlToPlainText(parsed.html) : ''),
    html: typeof parsed.html === 'string' ? cleanText(parsed.html) : null,
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ? cleanText(a.filename) : null,
      contentType: cleanText(a.contentType),
      size: a.size,
      contentId: a.contentId ? cleanText(a.contentId) : null,
      content: a.content,
    })),
  };
}
