import type { Dossier } from './dossierData.js';
import { dossierLines } from './dossier.js';
import { localTime } from './humanTime.js';
import type { TenantView } from './tenantViews.js';
import type { CliLanguage } from './args.js';

/**
 * The dossier `export` writes: the lines `show` prints, laid out as one self-contained HTML page
 * for a screen and for A4 paper (inline CSS, no scripts, no fonts or images from elsewhere).
 * Every piece of stored text goes through esc(): a customer's name or subject is text, never markup.
 */

export const EXPORT_WORDS = {
  nl: {
    dossier: 'Klachtdossier',
    exportedOn: 'Geëxporteerd op',
    mailFiles: 'E-mails in deze map',
    mailFilesNote: 'Elke ontvangen e-mail staat hier zoals hij binnenkwam, met bijlagen; elke verstuurde brief zoals hij werd verzonden.',
    noMail: 'geen',
    personTitle: 'Gegevens over',
    complaints: 'Klachten',
    noComplaints: 'geen klachten op dit adres',
    otherMail: 'Overige e-mail van dit adres',
    otherMailNote: 'E-mail van dit adres die niet bij een eigen klacht hoort: bij een andere klacht gevoegd, niet als klacht aangenomen of in quarantaine.',
    filedWith: 'bij klacht',
    quarantined: 'in quarantaine',
    notFiled: 'niet bij een klacht',
    reference: 'kenmerk',
    company: 'organisatie',
    subject: 'onderwerp',
    state: 'status',
    received: 'ontvangen',
    file: 'bestand',
  },
  en: {
    dossier: 'Complaint dossier',
    exportedOn: 'Exported on',
    mailFiles: 'Mail in this folder',
    mailFilesNote: 'Every mail received is here as it arrived, attachments included; every letter sent as it was sent.',
    noMail: 'none',
    personTitle: 'Data about',
    complaints: 'Complaints',
    noComplaints: 'no complaints from this address',
    otherMail: 'Other mail from this address',
    otherMailNote: 'Mail from this address that is not part of their own complaints: filed with another complaint, not taken as a complaint, or quarantined.',
    filedWith: 'filed with',
    quarantined: 'quarantined',
    notFiled: 'not filed with a complaint',
    reference: 'reference',
    company: 'company',
    subject: 'subject',
    state: 'state',
    received: 'received',
    file: 'file',
  },
} as const;

/** Text to HTML: the five characters that could end an element or an attribute. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CSS = `
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Segoe UI", Helvetica, Arial, sans-serif; font-size: 10.5pt; line-height: 1.4; color: #111; max-width: 48em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 16pt; margin: 0 0 .2em; }
h2 { font-size: 12pt; margin: 1.4em 0 .4em; border-bottom: 1px solid #999; padding-bottom: .1em; page-break-after: avoid; break-after: avoid; }
.company { color: #444; margin: 0 0 1em; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .15em .6em .15em 0; }
th { font-weight: 600; white-space: nowrap; }
table.list th, table.list td { border-bottom: 1px solid #ddd; }
.block div { white-space: pre-wrap; overflow-wrap: anywhere; }
.block .entry { margin-top: .35em; }
.block .timed { display: flex; }
.block .time { flex: 0 0 10.5em; color: #555; }
.block .timed span:last-child { flex: 1; min-width: 0; }
.block .step { padding-left: 10.5em; }
.block .quote { padding-left: 1.5em; margin-left: 10.5em; border-left: 3px solid #bbb; color: #333; }
.block div { page-break-inside: avoid; break-inside: avoid; }
.block .gap { height: .7em; }
.note { color: #555; font-size: 9.5pt; }
footer { margin-top: 2em; color: #555; font-size: 9pt; }
code { font-family: Consolas, "Courier New", monospace; font-size: 9.5pt; }
@media print { body { margin: 0; max-width: none; padding: 0; } a { color: inherit; text-decoration: none; } footer { position: static; } }
`;

export function page(lang: CliLanguage, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** One complaint's dossier page; `files` are the .eml names written beside it. */
export function dossierHtml(d: Dossier, view: TenantView, now: Date, files: readonly string[]): string {
  const W = EXPORT_WORDS[view.lang];
  const lines = dossierLines(d, view, now);
  const out: string[] = [`<h1>${esc(W.dossier)} ${esc(d.complaint.reference)}</h1>`, `<p class="company">${esc(view.name)}</p>`];

  // The header: "label:   value" up to the first blank line; an indented line continues the value above.
  const blank = lines.indexOf('', 1);
  const headerEnd = blank < 0 ? lines.length : blank;
  const rows: Array<[string, string[]]> = [];
  for (const line of lines.slice(1, headerEnd)) {
    const m = /^([^:\s][^:]*):\s+(.*)$/.exec(line);
    if (m && !line.startsWith(' ')) rows.push([m[1]!, [m[2]!]]);
    else if (rows.length) rows[rows.length - 1]![1].push(line.trim());
  }
  out.push('<table class="header">', ...rows.map(([label, values]) => `<tr><th>${esc(label)}</th><td>${values.map(esc).join('<br>')}</td></tr>`), '</table>');

  // Then sections: a heading line ("verloop:") and its indented lines.
  let open = false;
  let lastTime = '';
  for (const line of lines.slice(headerEnd)) {
    if (line === '') continue;
    if (!line.startsWith(' ')) {
      if (open) out.push('</div>');
      out.push(`<h2>${esc(line.replace(/:$/, ''))}</h2>`, '<div class="block">');
      open = true;
      continue;
    }
    const text = line.slice(2);
    const trimmed = text.trimStart();
    // A blank line inside a section (between paragraphs of the description) stays a blank line.
    if (trimmed === '') {
      out.push('<div class="gap"></div>');
      continue;
    }
    const cls = trimmed.startsWith('| ') ? 'quote' : text.startsWith(' ') ? 'step' : 'entry';
    // A conversation entry starts with its local time ("ma 14 dec 2026 10:00  mail van …").
    const timed: RegExpExecArray | null = cls === 'entry' ? /^(\S+ \d{1,2} \S+ \d{4} \d{2}:\d{2}) {2}(.*)$/.exec(trimmed) : null;
    // The time once per moment: steps of the same minute line up under it.
    if (timed)
      out.push(`<div class="entry timed"><span class="time">${timed[1] === lastTime ? '' : esc(timed[1]!)}</span><span>${esc(timed[2]!)}</span></div>`);
    else out.push(`<div class="${cls}">${esc(cls === 'quote' ? trimmed.slice(2) : trimmed)}</div>`);
    if (timed) lastTime = timed[1]!;
  }
  if (open) out.push('</div>');

  out.push(`<h2>${esc(W.mailFiles)}</h2>`, `<p class="note">${esc(W.mailFilesNote)}</p>`);
  out.push(files.length ? `<ul>${files.map((f) => `<li><code>${esc(f)}</code></li>`).join('')}</ul>` : `<p>${esc(W.noMail)}</p>`);
  out.push(`<footer>${esc(W.exportedOn)} ${esc(localTime(now, view.lang, view.calendar))}</footer>`);
  return page(view.lang, `${W.dossier} ${d.complaint.reference}`, out.join('\n'));
}
