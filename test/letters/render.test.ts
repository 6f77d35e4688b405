import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load.js';
import { ComplaintdeskError, ErrorCodes } from '../../src/core/errors.js';
import type { CommonData, LetterData } from '../../src/letters/data.js';
import { headerSafe, LetterRenderer } from '../../src/letters/render.js';

/** The data src/ingest/openComplaint.ts passes to the acknowledgement. */
function ackData(overrides: { subject?: string; customerName?: string; phone?: string | null } = {}): LetterData<'acknowledgement'> & CommonData {
  return {
    tenant: { name: 'PuraSec B.V.', address: 'klachten@purasec.nl', footer: 'PuraSec B.V. · klachten@purasec.nl · +31 15 200 2193' },
    // Friday 6 March 2026, 09:15 UTC = 10:15 in Amsterdam (CET).
    complaint: {
      reference: 'PS-2026-0007',
      subject: overrides.subject ?? 'Rapportage pentest te laat',
      receivedAt: '2026-03-06T09:15:00.000Z',
      topic: overrides.subject ?? 'Rapportage pentest te laat',
    },
    customer: { name: overrides.customerName ?? 'Jan Klant', email: 'jan@klant.example', phone: null },
    contact: { name: 'Daan Bakker', email: 'daan.bakker@example.nl', phone: overrides.phone === undefined ? '+31 15 555 0201' : overrides.phone },
    information: null,
    alsoConcerning: [],
  };
}

/** As src/daemon/daemon.ts: the shipped templates at the package root. */
const TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates');

const renderer = new LetterRenderer(TEMPLATES_DIR, 'purasec', 'Europe/Amsterdam');

const tempDirs: string[] = [];
afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'cd-templates-'));
  tempDirs.push(d);
  return d;
}

describe('LetterRenderer: acknowledgement', () => {
  it('renders the Dutch letter with reference, receipt time and the contact person', () => {
    const letter = renderer.render('acknowledgement', 'nl', ackData());
    expect(letter.subject).toBe('[PS-2026-0007] Ontvangstbevestiging van uw klacht: Rapportage pentest te laat');
    for (const part of [letter.text, letter.html]) {
      expect(part).toContain('Beste Jan Klant,');
      expect(part).toContain('PS-2026-0007');
      expect(part).toContain('vrijdag 6 maart 2026 om 10:15');
      expect(part).toContain('Daan Bakker');
      expect(part).toContain('daan.bakker@example.nl');
      expect(part).toContain('Telefoon: +31 15 555 0201');
      expect(part).toContain('PuraSec B.V. · klachten@purasec.nl · +31 15 200 2193');
    }
    expect(letter.html).toContain('href="mailto:daan.bakker@example.nl"');
    expect(letter.html).toContain('<html lang="nl">');
    expect(letter.html).toContain('<title>[PS-2026-0007] Ontvangstbevestiging van uw klacht: Rapportage pentest te laat</title>');
  });

  it('renders the English letter', () => {
    const letter = renderer.render('acknowledgement', 'en', ackData({ subject: 'Late pentest report' }));
    expect(letter.subject).toBe('[PS-2026-0007] We have received your complaint: Late pentest report');
    for (const part of [letter.text, letter.html]) {
      expect(part).toContain('Dear Jan Klant,');
      expect(part).toContain('Friday 6 March 2026 at 10:15');
      expect(part).toContain('Daan Bakker');
      expect(part).toContain('Phone: +31 15 555 0201');
      expect(part).not.toContain('Telefoon');
    }
    expect(letter.html).toContain('<html lang="en">');
  });

  it('renders the receipt time in the tenant time zone (summer time)', () => {
    const data = ackData();
    data.complaint.receivedAt = '2026-07-01T22:30:00.000Z';
    expect(renderer.render('acknowledgement', 'nl', data).text).toContain('donderdag 2 juli 2026 om 00:30');
    const utc = new LetterRenderer(TEMPLATES_DIR, 'purasec', 'UTC');
    expect(utc.render('acknowledgement', 'nl', data).text).toContain('woensdag 1 juli 2026 om 22:30');
  });

  it('text is plain text: LF line ends, one trailing newline, no HTML', () => {
    const { text } = renderer.render('acknowledgement', 'nl', ackData());
    expect(text).not.toMatch(/\r/);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
    expect(text).not.toMatch(/<[a-z]/i);
  });

  it('escapes customer-supplied text in HTML and keeps it verbatim in text', () => {
    const letter = renderer.render('acknowledgement', 'nl', ackData({ subject: '<script>alert(1)</script>', customerName: 'Jansen & Zn "Bouw" <b>' }));
    expect(letter.html).not.toContain('<script>');
    expect(letter.html).not.toContain('<b>');
    expect(letter.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(letter.html).toContain('Beste Jansen &amp; Zn &quot;Bouw&quot; &lt;b&gt;,');
    expect(letter.text).toContain('Beste Jansen & Zn "Bouw" <b>,');
    expect(letter.subject).toBe('[PS-2026-0007] Ontvangstbevestiging van uw klacht: <script>alert(1)</script>');
  });

  it('never compiles customer text as a template', () => {
    const letter = renderer.render('acknowledgement', 'nl', ackData({ subject: '{{contact.email}} {{#each x}}', customerName: '{{tenant.name}}' }));
    expect(letter.subject).toContain('{{contact.email}} {{#each x}}');
    expect(letter.text).toContain('Beste {{tenant.name}},');
  });

  it('leaves out the phone line when the contact has no phone', () => {
    for (const phone of [null, '']) {
      const nl = renderer.render('acknowledgement', 'nl', ackData({ phone }));
      expect(nl.text).not.toContain('Telefoon');
      expect(nl.html).not.toContain('Telefoon');
      expect(nl.text).toContain('E-mail: daan.bakker@example.nl');
      expect(nl.text).not.toMatch(/\n\n\n/);
      const en = renderer.render('acknowledgement', 'en', ackData({ phone }));
      expect(en.text).not.toContain('Phone');
      expect(en.html).not.toContain('Phone');
    }
  });

  it('throws on a missing field instead of producing a half-filled letter', () => {
    // Data outside the contract on purpose, so the loose form.
    const loose = () => structuredClone(ackData()) as unknown as { contact: Record<string, unknown>; complaint: Record<string, unknown>; customer?: unknown };
    const noContactName = loose();
    delete noContactName.contact.name;
    expect(() => renderer.renderLoose('acknowledgement', 'nl', noContactName)).toThrow(/"name" not defined/);

    const noCustomer = loose();
    delete noCustomer.customer;
    // Handlebars names the first missing segment it reaches (customer.name → "name").
    expect(() => renderer.renderLoose('acknowledgement', 'nl', noCustomer)).toThrow(/not defined/);

    const noReference = loose();
    delete noReference.complaint.reference;
    expect(() => renderer.renderLoose('acknowledgement', 'en', noReference)).toThrow(/"reference" not defined/);
  });

  it('has() tells which letters exist', () => {
    expect(renderer.has('acknowledgement', 'nl')).toBe(true);
    expect(renderer.has('acknowledgement', 'en')).toBe(true);
    expect(renderer.has('no-such-letter', 'nl')).toBe(false);
  });

  it('a missing template is a template-missing error', () => {
    try {
      renderer.renderLoose('no-such-letter', 'nl', { ...ackData() });
      expect.unreachable('render must throw');
    } catch (err) {
      expect(err).toBeInstanceOf(ComplaintdeskError);
      expect((err as ComplaintdeskError).code).toBe(ErrorCodes.TEMPLATE_MISSING);
      expect((err as Error).message).toContain('nl/no-such-letter.text.hbs');
    }
  });

  it('a templates directory without the layout is a template-missing error', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'default', 'nl'), { recursive: true });
    for (const part of ['subject', 'text', 'html']) writeFileSync(join(dir, 'default', 'nl', `note.${part}.hbs`), 'x');
    const bare = new LetterRenderer(dir, 'purasec', 'Europe/Amsterdam');
    expect(() => bare.renderLoose('note', 'nl', {})).toThrow(expect.objectContaining({ code: ErrorCodes.TEMPLATE_MISSING }));
  });
});

describe('LetterRenderer: template lookup', () => {
  it("a tenant's override directory wins over the shipped templates, part by part", () => {
    const override = tempDir();
    mkdirSync(join(override, 'nl'));
    writeFileSync(join(override, 'nl', 'acknowledgement.subject.hbs'), 'Uw klacht {{complaint.reference}} is binnen');
    const custom = new LetterRenderer(TEMPLATES_DIR, 'purasec', 'Europe/Amsterdam', override);
    const letter = custom.render('acknowledgement', 'nl', ackData());
    expect(letter.subject).toBe('Uw klacht PS-2026-0007 is binnen');
    // Parts the override does not have still come from the shipped templates.
    expect(letter.text).toContain('Beste Jan Klant,');
    // Another language is untouched.
    expect(custom.render('acknowledgement', 'en', ackData()).subject).toMatch(/^\[PS-2026-0007\] We have received/);
  });

  it('templates/<tenant>/ wins over templates/default/', () => {
    const dir = tempDir();
    for (const tenant of ['default', 'purasec']) {
      mkdirSync(join(dir, tenant, 'en'), { recursive: true });
      writeFileSync(join(dir, tenant, 'en', 'note.subject.hbs'), `${tenant} subject`);
      writeFileSync(join(dir, tenant, 'en', 'note.text.hbs'), `${tenant} text`);
      writeFileSync(join(dir, tenant, 'en', 'note.html.hbs'), `<p>${tenant} html</p>`);
    }
    writeFileSync(join(dir, 'default', 'en', 'layout.html.hbs'), '<html>{{{body}}}</html>');
    expect(new LetterRenderer(dir, 'purasec', 'UTC').renderLoose('note', 'en', {})).toEqual({
      subject: 'purasec subject',
      text: 'purasec text\n',
      html: '<html><p>purasec html</p></html>',
    });
    expect(new LetterRenderer(dir, 'preact', 'UTC').renderLoose('note', 'en', {}).subject).toBe('default subject');
  });

  it('makes a subject from a template header-safe', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'default', 'nl'), { recursive: true });
    writeFileSync(join(dir, 'default', 'nl', 'note.subject.hbs'), 'Betreft:\n  {{topic}}\n');
    writeFileSync(join(dir, 'default', 'nl', 'note.text.hbs'), 'tekst\r\nregel 2\r\n');
    writeFileSync(join(dir, 'default', 'nl', 'note.html.hbs'), '<p>{{topic}}</p>');
    writeFileSync(join(dir, 'default', 'nl', 'layout.html.hbs'), '<title>{{subject}}</title>{{{body}}}');
    const letter = new LetterRenderer(dir, 'x', 'UTC').renderLoose('note', 'nl', { topic: 'a & b' });
    expect(letter.subject).toBe('Betreft: a & b');
    expect(letter.text).toBe('tekst\nregel 2\n');
    expect(letter.html).toBe('<title>Betreft: a &amp; b</title><p>a &amp; b</p>');
  });
});

describe('headerSafe', () => {
  it('removes CR, LF, tabs and other control characters', () => {
    expect(headerSafe('Klacht\r\nBcc: x@evil.example')).toBe('Klacht Bcc: x@evil.example');
    expect(headerSafe('a\rb\nc\td\u0000e\u0007f\u001bg\u007fh')).toBe('a b c d e f g h');
    // C1 controls: NEL (U+0085) is a line break to some software.
    expect(headerSafe('a\u0085b\u009fc')).toBe('a b c');
    // Unicode line and paragraph separators.
    expect(headerSafe('a\u2028b\u2029c')).toBe('a b c');
  });

  it('collapses whitespace and trims', () => {
    expect(headerSafe('  [PS-2026-0007]   Re:\r\n\r\n  klacht  ')).toBe('[PS-2026-0007] Re: klacht');
    expect(headerSafe('\r\n\t ')).toBe('');
  });

  it('keeps ordinary text, accents and emoji', () => {
    expect(headerSafe('Geen reactie op mijn klacht over de één-na-laatste factuur 😠')).toBe('Geen reactie op mijn klacht over de één-na-laatste factuur 😠');
  });

  it('caps the length with an ellipsis', () => {
    const long = 'x'.repeat(500);
    expect(headerSafe(long)).toHaveLength(200);
    expect(headerSafe(long).endsWith('…')).toBe(true);
    expect(headerSafe(long, 50)).toBe(`${'x'.repeat(49)}…`);
    expect(headerSafe('x'.repeat(200))).toBe('x'.repeat(200));
    expect(headerSafe('woord '.repeat(10), 19)).toBe('woord woord woord…');
  });

  it('never cuts an emoji in half', () => {
    // 48 letters, then emoji (2 UTF-16 units each): the cut at 49 falls inside the first emoji.
    const capped = headerSafe(`${'x'.repeat(48)}${'😠'.repeat(10)}`, 50);
    expect(capped).toBe(`${'x'.repeat(48)}…`);
    expect(capped.isWellFormed()).toBe(true);
    for (let n = 40; n < 50; n++) expect(headerSafe(`${'x'.repeat(n)}${'😠'.repeat(20)}`, 50).isWellFormed()).toBe(true);
  });

  it('a header-injection attempt in a customer subject never reaches the letter subject', () => {
    for (const subject of ['Klacht\r\nBcc: x@evil.example', 'Klacht\nBcc: x@evil.example', 'Klacht\rBcc: x@evil.example', 'Klacht\u0085Bcc: x@evil.example']) {
      const letter = renderer.render('acknowledgement', 'nl', ackData({ subject }));
      expect(letter.subject).not.toMatch(/[\r\n\u0085]/);
      expect(letter.subject).toBe('[PS-2026-0007] Ontvangstbevestiging van uw klacht: Klacht Bcc: x@evil.example');
    }
  });
});

describe('LetterRenderer: subject line, shared layout and partials', () => {
  /** A templates directory with one letter `note` that uses a partial in both formats. */
  function noteTemplates(): string {
    const dir = tempDir();
    mkdirSync(join(dir, 'default', 'nl', 'partials'), { recursive: true });
    mkdirSync(join(dir, 'default', 'partials'), { recursive: true });
    writeFileSync(
      join(dir, 'default', 'nl', 'note.text.hbs'),
      '{{!-- why the subject says so --}}\nSubject: Over {{topic}}\n\n{{> hello}}\nTekst over {{topic}}.\n{{> bye}}\n',
    );
    writeFileSync(join(dir, 'default', 'nl', 'note.html.hbs'), '{{> hello}}\n<p>{{topic}}</p>\n{{> bye}}\n');
    writeFileSync(join(dir, 'default', 'nl', 'partials', 'hello.text.hbs'), 'Beste {{name}},\n');
    writeFileSync(join(dir, 'default', 'nl', 'partials', 'hello.html.hbs'), '<p>Beste {{name}},</p>\n');
    writeFileSync(join(dir, 'default', 'partials', 'bye.text.hbs'), '-- {{name}}\n');
    writeFileSync(join(dir, 'default', 'partials', 'bye.html.hbs'), '<p>{{name}}</p>\n');
    writeFileSync(join(dir, 'default', 'layout.html.hbs'), '<html lang="{{lang}}"><title>{{subject}}</title>{{{body}}}</html>');
    return dir;
  }
  const data = { topic: 'a & <b>', name: 'Jan' };

  it('takes the subject from the Subject line and the body from the rest; partials per format; one layout for every language', () => {
    const letter = new LetterRenderer(noteTemplates(), 'purasec', 'UTC').renderLoose('note', 'nl', data);
    expect(letter).toEqual({
      subject: 'Over a & <b>',
      text: 'Beste Jan,\nTekst over a & <b>.\n-- Jan\n',
      html: '<html lang="nl"><title>Over a &amp; &lt;b&gt;</title><p>Beste Jan,</p>\n<p>a &amp; &lt;b&gt;</p>\n<p>Jan</p>\n</html>',
    });
  });

  it('an override replaces one partial, in one format and one language; a language-specific partial wins over a shared one', () => {
    const dir = noteTemplates();
    const override = tempDir();
    mkdirSync(join(override, 'nl', 'partials'), { recursive: true });
    writeFileSync(join(override, 'nl', 'partials', 'bye.text.hbs'), 'Groet, {{name}}\n');
    const letter = new LetterRenderer(dir, 'purasec', 'UTC', override).renderLoose('note', 'nl', data);
    expect(letter.text).toBe('Beste Jan,\nTekst over a & <b>.\nGroet, Jan\n');
    expect(letter.html).toContain('<p>Jan</p>');
  });

  it('templates/<tenant>/ overrides a partial and the layout for that tenant only', () => {
    const dir = noteTemplates();
    mkdirSync(join(dir, 'purasec', 'partials'), { recursive: true });
    writeFileSync(join(dir, 'purasec', 'partials', 'hello.html.hbs'), '<h1>{{name}}</h1>\n');
    mkdirSync(join(dir, 'purasec', 'nl'), { recursive: true });
    writeFileSync(join(dir, 'purasec', 'nl', 'layout.html.hbs'), '<main>{{{body}}}</main>');
    // A higher directory wins even over a language-specific file further down (default/nl/partials/hello.html.hbs).
    expect(new LetterRenderer(dir, 'purasec', 'UTC').renderLoose('note', 'nl', data).html).toBe(
      '<main><h1>Jan</h1>\n<p>a &amp; &lt;b&gt;</p>\n<p>Jan</p>\n</main>',
    );
    expect(new LetterRenderer(dir, 'preact', 'UTC').renderLoose('note', 'nl', data).html).toContain('<p>Beste Jan,</p>');
  });

  it('overriding a shipped partial changes every letter that uses it, in that language only', () => {
    const override = tempDir();
    mkdirSync(join(override, 'nl', 'partials'), { recursive: true });
    writeFileSync(join(override, 'nl', 'partials', 'signoff.html.hbs'), '<p style="margin:0;">Hartelijke groet,<br><br>{{tenant.name}}</p>\n');
    const custom = new LetterRenderer(TEMPLATES_DIR, 'purasec', 'Europe/Amsterdam', override);
    const nl = custom.render('acknowledgement', 'nl', ackData());
    expect(nl.html).toContain('Hartelijke groet,');
    expect(nl.html).not.toContain('Met vriendelijke groet,');
    expect(nl.text).toContain('Met vriendelijke groet,');
    expect(custom.render('acknowledgement', 'en', ackData()).html).toContain('Kind regards,');
  });

  it('an old-style override (text without a Subject line, or a subject file) keeps its subject from where it was', () => {
    const override = tempDir();
    mkdirSync(join(override, 'nl'));
    writeFileSync(join(override, 'nl', 'acknowledgement.text.hbs'), 'Beste {{customer.name}},\n\nEigen tekst.\n');
    const custom = new LetterRenderer(TEMPLATES_DIR, 'purasec', 'Europe/Amsterdam', override);
    const letter = custom.render('acknowledgement', 'nl', ackData());
    expect(letter.text).toBe('Beste Jan Klant,\n\nEigen tekst.\n');
    expect(letter.subject).toBe('[PS-2026-0007] Ontvangstbevestiging van uw klacht: Rapportage pentest te laat');
  });

  it('a partial no directory has is a template-missing error', () => {
    const dir = noteTemplates();
    writeFileSync(join(dir, 'default', 'nl', 'other.text.hbs'), 'Subject: x\n\n{{> nowhere}}\n');
    writeFileSync(join(dir, 'default', 'nl', 'other.html.hbs'), '');
    expect(() => new LetterRenderer(dir, 'purasec', 'UTC').renderLoose('other', 'nl', {})).toThrow(
      expect.objectContaining({ code: ErrorCodes.TEMPLATE_MISSING, message: expect.stringContaining('nl/partials/nowhere.text.hbs') }),
    );
  });

  it('reads and compiles each file once: later renders touch no file', () => {
    const dir = noteTemplates();
    const r = new LetterRenderer(dir, 'purasec', 'UTC');
    const first = r.renderLoose('note', 'nl', data);
    rmSync(dir, { recursive: true, force: true });
    expect(r.renderLoose('note', 'nl', { ...data, name: 'Piet' }).text).toBe(first.text.replaceAll('Jan', 'Piet'));
  });

  it('no shipped template can put a value into HTML unescaped, except the layout placing the escaped body', () => {
    const raw: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.hbs'))
          for (const m of readFileSync(p, 'utf8').matchAll(/\{\{\{[^}]*\}\}\}|\{\{&[^}]*\}\}/g)) raw.push(`${relative(TEMPLATES_DIR, p)}: ${m[0]}`);
      }
    };
    walk(TEMPLATES_DIR);
    expect(raw).toEqual(['default/layout.html.hbs: {{{body}}}']);
  });
});
