import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HTML_MAX_INPUT_CHARS, htmlToPlainText } from '../../src/text/htmlToText.js';
import { splitReply } from '../../src/text/newText.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/text/${name}`, import.meta.url), 'utf8');

describe('htmlToPlainText', () => {
  it('does not wrap long lines', () => {
    const sentence = 'woord '.repeat(60).trim();
    expect(htmlToPlainText(`<p>${sentence}</p>`)).toBe(sentence);
  });

  it('writes links as "text [url]" only when the url adds something', () => {
    const html =
      '<p>Zie <a href="https://x.nl/planning?id=1">de planning</a>, ' +
      '<a href="https://www.x.nl/">www.x.nl</a>, <a href="mailto:jan@x.nl">jan@x.nl</a>, ' +
      '<a href="mailto:info@x.nl">mail ons</a>, <a href="tel:+31612345678">+31 6 1234 5678</a>, ' +
      '<a href="#top">boven</a>, <a href="javascript:void(0)">klik</a>, <a>leeg</a>, <a href="https://y.nl"></a>.</p>';
    expect(htmlToPlainText(html)).toBe(
      'Zie de planning [https://x.nl/planning?id=1], www.x.nl, jan@x.nl, mail ons [info@x.nl], +31 6 1234 5678, boven, klik, leeg, https://y.nl.',
    );
  });

  it('drops images, scripts, styles and hidden preheaders', () => {
    const html =
      '<html><head><title>Nieuwsbrief</title><style>p{color:red}</style></head><body>' +
      '<div style="display:none;max-height:0">Preheader tekst</div><span style="display: none">verborgen</span>' +
      '<p><img src="cid:logo" alt="Logo"> Tekst</p><script>alert(1)</script></body></html>';
    expect(htmlToPlainText(html)).toBe('Tekst');
  });

  it('keeps headings and table headers in their own case and lays tables out in columns', () => {
    const html =
      '<h2>Uw klacht</h2><table><tr><th>Dienst</th><th>Datum</th></tr>' +
      '<tr><td>Pentest</td><td>3 november 2026</td></tr><tr><td>Audit</td><td>4 november 2026</td></tr></table>';
    expect(htmlToPlainText(html)).toBe('Uw klacht\n\nDienst    Datum\nPentest   3 november 2026\nAudit     4 november 2026');
  });

  it('turns blockquotes into "> " lines, decodes entities and non-breaking spaces', () => {
    const html = '<p>Caf&eacute; &amp; co&nbsp;B.V.</p><blockquote>Eerder<br>bericht</blockquote>';
    expect(htmlToPlainText(html)).toBe('Café & co B.V.\n\n> Eerder\n> bericht');
  });

  it('removes zero-width characters and collapses blank lines', () => {
    expect(htmlToPlainText('<p>a\u200Bb\uFEFF</p><p>&nbsp;</p><p>&nbsp;</p><p>&nbsp;</p><p>c</p>')).toBe('ab\n\nc');
  });

  it('converts an Outlook reply so that splitReply finds the new text', () => {
    const text = htmlToPlainText(fixture('outlook-nl-reply.html'));
    expect(text).not.toContain('Logo');
    expect(splitReply(text)).toEqual({
      newText: 'Beste Handler,\n\nDe monteur is vandaag wéér niet gekomen. Zie ook de planning [https://www.example.nl/planning?id=42].',
      signature: 'Met vriendelijke groet,\n\nPieter Bakker\nBakker Logistiek B.V.\nT +31 (0)15 200 2193',
      quoted:
        'Van: PuraSec Klachten <klachten@purasec.nl>\nVerzonden: maandag 3 november 2026 10:00\n' +
        'Aan: Pieter Bakker <p.bakker@bakkerlogistiek.nl>\nOnderwerp: [PS-2026-0007] Ontvangstbevestiging van uw klacht\n\n' +
        'Geachte heer Bakker,\n\nReferentie       PS-2026-0007\nContactpersoon   Handler One',
    });
  });

  it('converts a Gmail reply so that splitReply finds the new text', () => {
    expect(splitReply(htmlToPlainText(fixture('gmail-en-reply.html')))).toEqual({
      newText: 'Hi,\n\nYes, Thursday at 14:00 is fine. My number is +31 6 1234 5678.',
      signature: 'Thanks,\nEmma',
      quoted: 'On Mon, 3 Nov 2026 at 10:00, PreAct Software <info@preact-software.nl> wrote:\n> Dear Ms Brown,\n> When can we call you?',
    });
  });

  it('converts only the first HTML_MAX_INPUT_CHARS of a huge body', () => {
    const html = `<p>${'regel '.repeat(Math.ceil(HTML_MAX_INPUT_CHARS / 6))}</p><p>NA DE GRENS</p>`;
    const text = htmlToPlainText(html);
    expect(text.startsWith('regel regel')).toBe(true);
    expect(text).not.toContain('NA DE GRENS');
  });

  it('survives hostile nesting and broken markup', () => {
    // Without a depth limit html-to-text overflows the stack from about 5,000 levels.
    const deep = `${'<div>'.repeat(10_000)}diep${'</div>'.repeat(10_000)}`;
    expect(() => htmlToPlainText(deep)).not.toThrow();
    const tables = `${'<table><tr><td>'.repeat(3_000)}cel`;
    expect(() => htmlToPlainText(tables)).not.toThrow();
    expect(htmlToPlainText('<p>open <b>tags <i>never closed <a href="https://x.nl">link')).toBe('open tags never closed link [https://x.nl]');
    expect(htmlToPlainText('')).toBe('');
  });
});
