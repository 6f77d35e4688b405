import { createRequire } from 'node:module';
import type { compile as Compile, FormatCallback } from 'html-to-text';

// This runs in the parse worker, where mailparser has already required html-to-text's CommonJS
// build; an `import` would load its ESM build as a second copy beside it (~1.4 MB a worker).
const { compile } = createRequire(import.meta.url)('html-to-text') as { compile: typeof Compile };

/**
 * HTML bodies larger than this (in UTF-16 code units) are cut before conversion. A complaint's
 * readable text is never this long; the cap bounds parse time and memory for hostile mail. The
 * raw source stays stored, so nothing is lost by the cut.
 */
export const HTML_MAX_INPUT_CHARS = 256 * 1024; // htmlparser2 is super-linear on unclosed nested tags (1 MB: ~40 s); real letters are far smaller

/**
 * html-to-text walks the DOM recursively: 100k nested <div>s overflow the stack. Real mail
 * (Outlook's nested layout tables included) stays far below this depth.
 */
const HTML_MAX_DEPTH = 300;

/** "x@y", "www.x.nl/" and "https://x.nl" all name the same target as their href. */
function linkKey(value: string): string {
  return value
    .replace(/\s+/g, '')
    .replace(/^(?:mailto:|tel:|https?:\/\/)/i, '')
    .replace(/^www\./i, '')
    .replace(/(?<!\/)\/+$/, '') // from a run's start: see the trailing blanks below
    .toLowerCase();
}

/**
 * Links as "text [url]", the url left out when it only repeats the text (auto-linked addresses,
 * phone numbers and web sites in signatures), and for in-page anchors and javascript: links.
 */
const formatLink: FormatCallback = (elem, walk, builder) => {
  const attribs = elem.attribs as Record<string, unknown> | undefined;
  const rawHref = attribs?.href;
  const href = typeof rawHref === 'string' ? rawHref.trim().replace(/^mailto:/i, '') : '';
  if (href === '' || href.startsWith('#') || /^javascript:/i.test(href)) {
    walk(elem.children, builder);
    return;
  }
  let text = '';
  builder.pushWordTransform((word) => {
    text += word;
    return word;
  });
  walk(elem.children, builder);
  builder.popWordTransform();
  if (text === '') builder.addInline(href, { noWordTransform: true });
  else if (linkKey(text) !== linkKey(href)) builder.addInline(` [${href}]`, { noWordTransform: true });
};

/** Compiled once: html-to-text builds its selector decision tree per options object. */
const toText = compile({
  wordwrap: false,
  // The default also counts U+200B as whitespace; Outlook puts it inside words.
  whitespaceCharacters: ' \t\r\n\f',
  limits: { maxDepth: HTML_MAX_DEPTH, ellipsis: '...' },
  formatters: { mailLink: formatLink },
  selectors: [
    { selector: 'a', format: 'mailLink' },
    { selector: 'img', format: 'skip' },
    // Outlook writes every line as <p class=MsoNormal> with zero margins: one line, not a paragraph.
    { selector: 'p.MsoNormal', format: 'paragraph', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    // Hidden preheaders and tracking text of marketing and Outlook mail.
    { selector: '[style*="display:none"]', format: 'skip' },
    { selector: '[style*="display: none"]', format: 'skip' },
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false, maxColumnWidth: 80 } },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
  ],
});

/**
 * Readable plain text of an HTML mail body: no word wrap, links as "text [url]" only when the
 * url differs from the text, images dropped, tables as aligned columns, <blockquote> as "> "
 * lines (so splitReply can separate them), non-breaking spaces as spaces, at most one blank
 * line in a row.
 */
export function htmlToPlainText(html: string): string {
  const input = html.length > HTML_MAX_INPUT_CHARS ? html.slice(0, HTML_MAX_INPUT_CHARS) : html;
  return (
    toText(input)
      .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '') // zero-width and soft-hyphen litter from Outlook
      .replace(/\u00A0/g, ' ')
      // From a run's start only: `[ \t]+$` retried from every blank of a long run that does not end
      // the line (a <pre> of spaces), quadratic: 4 s for 50,000 spaces.
      .replace(/(?<![ \t])[ \t]+$/gm, '')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}
