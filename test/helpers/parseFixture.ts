/**
 * Turns raw .eml into the ParsedMessage shape with mailparser's simpleParser, so guard tests do
 * not depend on the production parser (src/parse/). Deliberately minimal: no limits, no quarantine.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { simpleParser, type AddressObject } from 'mailparser';
import type { MailAddress, ParsedMessage } from '../../src/parse/types.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

function addresses(field: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects
    .flatMap((o) => o.value)
    .flatMap((a) => [a, ...(a.group ?? [])])
    .filter((a) => a.address !== undefined && a.address !== '')
    .map((a) => ({ name: a.name, address: a.address!.toLowerCase() }));
}

function ids(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(' ') : (value ?? '');
  return [...joined.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]!);
}

export async function parseEml(raw: Buffer | string): Promise<ParsedMessage> {
  const parsed = await simpleParser(raw);
  return {
    messageId: ids(parsed.messageId)[0] ?? null,
    inReplyTo: ids(parsed.inReplyTo),
    references: ids(parsed.references),
    subject: parsed.subject ?? '',
    from: addresses(parsed.from)[0] ?? null,
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    replyTo: addresses(parsed.replyTo),
    date: parsed.date ?? null,
    headers: parsed.headerLines.map(({ key, line }) => ({
      key,
      // RFC 5322 §2.2.3 unfolding: drop the CRLF before continuation whitespace.
      value: line.replace(/\r?\n(?=[ \t])/g, '').replace(/^[^:]*:[ \t]*/, ''),
    })),
    text: parsed.text ?? '',
    html: parsed.html === false ? null : parsed.html,
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ?? null,
      contentType: a.contentType,
      size: a.size,
      contentId: a.contentId ?? null,
      content: a.content,
    })),
  };
}

/** Reads `test/fixtures/<relativePath>` and parses it. */
export async function parseFixture(relativePath: string): Promise<{ raw: Buffer; msg: ParsedMessage }> {
  const raw = await readFile(`${FIXTURES}${relativePath}`);
  return { raw, msg: await parseEml(raw) };
}
