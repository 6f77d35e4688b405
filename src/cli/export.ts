import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import type { WorkingCalendar } from '../calendar/types.js';
import { composeOptions } from '../outbox/transport.js';
import type { Db } from '../store/db.js';
import { exportInboundOfSenderElsewhere, exportInboundRaw, exportQuarantinedRaws, exportReferencesOfCustomer, type RawInbound } from '../store/export.js';
import type { OutboxMail } from '../store/outbox.js';
import type { CliLanguage } from './args.js';
import { dossierLoad, type Dossier } from './dossierData.js';
import { dossierHtml, esc, EXPORT_WORDS, page } from './exportHtml.js';
import { localTime } from './humanTime.js';
import { viewOf, type TenantViews } from './tenantViews.js';
import { oneLine } from './terminalSafe.js';
import { STATE_WORDS } from './words.js';

/**
 * `export REF --out DIR`: a folder with dossier.html and every mail of the complaint as .eml —
 * inbound byte for byte as stored, letters composed again exactly as the transport composed them
 * (same Message-ID, threading headers and date). `export --person EMAIL --out DIR`: the same for
 * each complaint of that customer, their mail filed elsewhere or quarantined, and an index.html.
 */

export type ExportResult = { ok: true; lines: string[] } | { ok: false; message: string };

/** DIR must be new or empty, unless the operator says --force. */
export function checkOutDir(dir: string, force: boolean): string | null {
  if (!existsSync(dir)) return null;
  if (!statSync(dir).isDirectory()) return `${dir} exists and is not a directory`;
  if (!force && readdirSync(dir).length > 0) return `${dir} is not empty; choose a new directory or add --force to write into it`;
  return null;
}

/** "2026-12-14T1000" in the tenant's time zone: file names sort by time and read as the dossier does. */
function fileStamp(iso: string, calendar: WorkingCalendar): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: calendar.policy.timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}${parts.minute}`;
}

const streamer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

/** A letter as the transport wrote it on the wire, dated when it was sent. */
export async function outboundEml(mail: OutboxMail): Promise<Buffer> {
  const options = { ...composeOptions(mail), date: new Date(mail.sentAt ?? mail.createdAt) };
  return ((await streamer.sendMail(options)) as { message: Buffer }).message;
}

type MailFile = { at: string; direction: 'in' | 'out'; kind: string; content: () => Promise<Buffer> };

/** Write the mails numbered in time order; returns the names written. */
async function writeMails(dir: string, mails: MailFile[], calendar: WorkingCalendar): Promise<string[]> {
  const sorted = [...mails].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const names: string[] = [];
  for (const [i, m] of sorted.entries()) {
    const kind = m.kind
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    const name = `${fileStamp(m.at, calendar)}-${m.direction}-${String(i + 1).padStart(3, '0')}${kind ? `-${kind}` : ''}.eml`;
    writeFileSync(join(dir, name), await m.content());
    names.push(name);
  }
  return names;
}

const inboundFiles = (rows: RawInbound[], kind = ''): MailFile[] => rows.map((r) => ({ at: r.receivedAt, direction: 'in', kind, content: async () => r.raw }));

/** One complaint's folder: its mail and dossier.html. Returns the number of mails written. */
async function writeComplaint(db: Db, d: Dossier, views: TenantViews, lang: CliLanguage | undefined, dir: string, now: Date): Promise<number> {
  const view = viewOf(views, d.complaint.tenant, lang);
  mkdirSync(dir, { recursive: true });
  // Letters that reached the mail server; one never sent is in the dossier, not a mail anyone received.
  const sent = d.outbox.filter((o) => o.status === 'sent');
  const files = await writeMails(
    dir,
    [
      ...inboundFiles(exportInboundRaw(db, d.complaint.id)),
      ...sent.map((o): MailFile => ({ at: o.sentAt ?? o.createdAt, direction: 'out', kind: o.kind, content: () => outboundEml(o) })),
    ],
    view.calendar,
  );
  writeFileSync(join(dir, 'dossier.html'), dossierHtml(d, view, now, files));
  return files.length;
}

export async function exportComplaint(
  db: Db,
  views: TenantViews,
  lang: CliLanguage | undefined,
  reference: string,
  dir: string,
  now: Date,
): Promise<ExportResult> {
  const d = dossierLoad(db, reference);
  if (!d) return { ok: false, message: `no complaint ${reference}` };
  const mails = await writeComplaint(db, d, views, lang, dir, now);
  return { ok: true, lines: [`${d.complaint.reference}: dossier.html and ${mails} mail(s) written to ${dir}`] };
}

/** Headers beyond this are not read for the sender: the parser's own cap is far below it. */
const HEADER_SCAN_BYTES = 1024 * 1024;

/** The sender addresses of a mail's From header, lower case; none when the header does not parse. Reads the header block only. */
async function fromAddresses(raw: Buffer): Promise<string[]> {
  const end = raw.indexOf('\r\n\r\n');
  const lfEnd = raw.indexOf('\n\n');
  const cut = [end, lfEnd].filter((i) => i >= 0);
  const head = raw.subarray(0, Math.min(cut.length ? Math.min(...cut) : raw.length, HEADER_SCAN_BYTES));
  try {
    const parsed = await simpleParser(Buffer.concat([head, Buffer.from('\r\n\r\n')]), { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
    return (parsed.from?.value ?? []).map((a) => (a.address ?? '').toLowerCase()).filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * A subject access request (GDPR art. 15): every complaint with this customer address in its own
 * folder, their mail filed with other complaints or with none, quarantined mail from them, and
 * index.html listing it all.
 */
export async function exportPerson(db: Db, views: TenantViews, lang: CliLanguage | undefined, email: string, dir: string, now: Date): Promise<ExportResult> {
  const address = email.trim().toLowerCase();
  const dossiers = exportReferencesOfCustomer(db, address)
    .map((ref) => dossierLoad(db, ref))
    .filter((d): d is Dossier => d !== null);
  const elsewhere = exportInboundOfSenderElsewhere(db, address);
  const quarantined: typeof elsewhere = [];
  for (const q of exportQuarantinedRaws(db))
    if ((await fromAddresses(q.raw)).includes(address)) quarantined.push({ ...q, subject: null, disposition: 'quarantine', reference: null });

  const firstTenant = dossiers[0]?.complaint.tenant ?? elsewhere[0]?.tenant ?? quarantined[0]?.tenant ?? '';
  const indexView = viewOf(views, firstTenant, lang);
  const W = EXPORT_WORDS[indexView.lang];
  mkdirSync(dir, { recursive: true });

  let mails = 0;
  const rows: string[] = [];
  for (const d of dossiers) {
    const c = d.complaint;
    const view = viewOf(views, c.tenant, lang);
    mails += await writeComplaint(db, d, views, lang, join(dir, c.reference), now);
    const state = (STATE_WORDS[view.lang] as Record<string, string>)[d.procedureState?.state ?? c.state] ?? c.state;
    rows.push(
      `<tr><td><a href="${esc(encodeURI(`${c.reference}/dossier.html`))}">${esc(c.reference)}</a></td><td>${esc(view.name)}</td><td>${esc(oneLine(c.subject))}</td><td>${esc(state)}</td><td>${esc(localTime(new Date(c.receivedAt), view.lang, view.calendar))}</td></tr>`,
    );
  }

  const other = [...elsewhere, ...quarantined];
  let otherNames: string[] = [];
  if (other.length) {
    const otherDir = join(dir, 'other-mail');
    mkdirSync(otherDir, { recursive: true });
    otherNames = await writeMails(
      otherDir,
      other.map((m) => ({ at: m.receivedAt, direction: 'in', kind: m.disposition === 'quarantine' ? 'quarantined' : '', content: async () => m.raw })),
      indexView.calendar,
    );
    mails += other.length;
  }
  // writeMails sorted by time: pair each name with its mail in the same order.
  const otherSorted = [...other].sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : 0));

  const body = [
    `<h1>${esc(W.personTitle)} ${esc(address)}</h1>`,
    `<h2>${esc(W.complaints)}</h2>`,
    rows.length
      ? `<table class="list"><tr><th>${esc(W.reference)}</th><th>${esc(W.company)}</th><th>${esc(W.subject)}</th><th>${esc(W.state)}</th><th>${esc(W.received)}</th></tr>\n${rows.join('\n')}\n</table>`
      : `<p>${esc(W.noComplaints)}</p>`,
  ];
  if (other.length) {
    body.push(`<h2>${esc(W.otherMail)}</h2>`, `<p class="note">${esc(W.otherMailNote)}</p>`, '<table class="list">');
    body.push(`<tr><th>${esc(W.received)}</th><th>${esc(W.subject)}</th><th></th><th>${esc(W.file)}</th></tr>`);
    otherSorted.forEach((m, i) => {
      const where = m.disposition === 'quarantine' ? W.quarantined : m.reference ? `${W.filedWith} ${m.reference}` : W.notFiled;
      const file = `other-mail/${otherNames[i]!}`;
      body.push(
        `<tr><td>${esc(localTime(new Date(m.receivedAt), indexView.lang, indexView.calendar))}</td><td>${esc(oneLine(m.subject ?? ''))}</td><td>${esc(where)}</td><td><a href="${esc(encodeURI(file))}"><code>${esc(file)}</code></a></td></tr>`,
      );
    });
    body.push('</table>');
  }
  body.push(`<footer>${esc(W.exportedOn)} ${esc(localTime(now, indexView.lang, indexView.calendar))}</footer>`);
  writeFileSync(join(dir, 'index.html'), page(indexView.lang, `${W.personTitle} ${address}`, body.join('\n')));
  return {
    ok: true,
    lines: [`${address}: ${dossiers.length} complaint(s), ${other.length} other mail(s), ${mails} mail file(s) and index.html written to ${dir}`],
  };
}
