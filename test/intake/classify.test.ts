import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTriageCorpus, triageReport, type TriageCorpus } from '../bench/triageReport.js';
import { classifyIntake, describeTriage, normaliseForMatch } from '../../src/intake/classify.js';
import { classifierRulesSchema, type ClassifierRules, type ClassifierRulesInput } from '../../src/intake/classifierSchema.js';
import { defaultClassifierRules } from '../../src/intake/defaultRules.js';

const CORPUS_PATH = fileURLToPath(new URL('../fixtures/triage/corpus.json', import.meta.url));

type RuleInput = ClassifierRulesInput['rules'][number];

/** A rule set made of just the given rules, with the schema's defaults (factor 1.5, thresholds 3 / 0). */
function rulesOf(rules: RuleInput[], extra: Partial<ClassifierRulesInput> = {}): ClassifierRules {
  return classifierRulesSchema.parse({ rules, ...extra });
}

const mail = (subject: string, text = '') => ({ subject, text });
const ids = (r: { matched: Array<{ id: string }> }) => r.matched.map((m) => m.id);

describe('classifierRulesSchema', () => {
  it('fills in documented defaults', () => {
    const rules = rulesOf([{ id: 'a', pattern: 'klacht', weight: 3 }]);
    expect(rules.rules[0]).toEqual({ id: 'a', pattern: 'klacht', weight: 3, regex: false, where: 'any' });
    expect(rules.subjectFactor).toBe(1.5);
    expect(rules.thresholds).toEqual({ complaint: 3, notComplaint: 0 });
    expect(rules.bodyCharLimit).toBe(20_000);
  });

  it('documents every field', () => {
    const ruleShape = classifierRulesSchema.shape.rules.element.shape;
    for (const [key, field] of Object.entries(ruleShape)) expect(field.description, key).toBeTruthy();
    for (const key of ['rules', 'subjectFactor', 'bodyCharLimit', 'thresholds'] as const) {
      expect(classifierRulesSchema.shape[key].description, key).toBeTruthy();
    }
  });

  it.each([
    [
      'duplicate ids',
      {
        rules: [
          { id: 'a', pattern: 'x', weight: 1 },
          { id: 'a', pattern: 'y', weight: 1 },
        ],
      },
      'duplicate rule id "a"',
    ],
    ['a broken regex', { rules: [{ id: 'a', pattern: '(unclosed', regex: true, weight: 1 }] }, 'invalid regular expression'],
    ['a zero weight', { rules: [{ id: 'a', pattern: 'x', weight: 0 }] }, 'weight of 0'],
    ['inverted thresholds', { rules: [{ id: 'a', pattern: 'x', weight: 1 }], thresholds: { complaint: 1, notComplaint: 2 } }, 'must be lower'],
    ['an unknown key', { rules: [{ id: 'a', pattern: 'x', weight: 1, wieght: 2 }] }, 'wieght'],
    ['an empty pattern', { rules: [{ id: 'a', pattern: '  ', weight: 1 }] }, 'pattern'],
  ])('rejects %s with a message that says what is wrong', (_name, input, message) => {
    const parsed = classifierRulesSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    const text = (parsed.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
    expect(text).toContain(message);
  });

  it('accepts the default rule set, with rules in both languages and both directions', () => {
    expect(classifierRulesSchema.safeParse(defaultClassifierRules).success).toBe(true);
    for (const lang of ['nl', 'en'] as const) {
      const own = defaultClassifierRules.rules.filter((r) => r.lang === lang);
      expect(
        own.some((r) => r.weight > 0),
        lang,
      ).toBe(true);
      expect(
        own.some((r) => r.weight < 0),
        lang,
      ).toBe(true);
    }
  });
});

describe('phrase matching', () => {
  const klacht = rulesOf([{ id: 'klacht', pattern: 'klacht', weight: 3 }]);

  it('is case-insensitive and matches whole words only', () => {
    expect(ids(classifyIntake(mail('KLACHT over levering'), klacht))).toEqual(['klacht']);
    expect(ids(classifyIntake(mail('', 'Mijn Klacht: ...'), klacht))).toEqual(['klacht']);
    expect(classifyIntake(mail('klachtig', 'aanklachten'), klacht).matched).toEqual([]);
  });

  it('ignores accents in both the text and the pattern', () => {
    const rules = rulesOf([
      { id: 'geirriteerd', pattern: 'geïrriteerd', weight: 2 },
      { id: 'creme', pattern: 'creme', weight: 1 },
    ]);
    expect(ids(classifyIntake(mail('', 'ik ben geirriteerd'), rules))).toEqual(['geirriteerd']);
    expect(ids(classifyIntake(mail('', 'IK BEN GEÏRRITEERD over de crème'), rules))).toEqual(['geirriteerd', 'creme']);
    // combining diaeresis (NFD input) and a full-width letter fold the same way
    expect(ids(classifyIntake(mail('', 'gei\u0308rriteerd'), rules))).toEqual(['geirriteerd']);
    expect(normaliseForMatch('ＫＬＡＣＨＴ don’t')).toBe("klacht don't");
  });

  it('lets the words of a phrase be separated by any whitespace or hyphens', () => {
    const rules = rulesOf([
      { id: 'ooo', pattern: 'out of office', weight: -3 },
      { id: 'ns', pattern: 'nog steeds niet', weight: 2 },
    ]);
    expect(ids(classifyIntake(mail('Out-of-Office'), rules))).toEqual(['ooo']);
    expect(ids(classifyIntake(mail('', 'het werkt nog\n  steeds niet'), rules))).toEqual(['ns']);
    expect(classifyIntake(mail('', 'nog steeds prima, niet slecht'), rules).matched).toEqual([]);
  });

  it('reads "*" at a word edge as "any letters" (Dutch plurals and compounds)', () => {
    const rules = rulesOf([{ id: 'klacht', pattern: '*klacht*', weight: 3 }]);
    for (const word of ['klacht', 'klachten', 'serviceklacht', 'klachtenregeling']) {
      expect(classifyIntake(mail(word), rules).matched, word).toHaveLength(1);
    }
    const trailing = rulesOf([{ id: 'teleur', pattern: 'teleurstel*', weight: 2 }]);
    expect(classifyIntake(mail('', 'een teleurstellende ervaring'), trailing).score).toBe(2);
    expect(classifyIntake(mail('', 'zeer teleurgesteld'), trailing).score).toBe(0);
  });

  it('treats regex patterns as regular expressions, still on word boundaries and accent-insensitive', () => {
    const rules = rulesOf([{ id: 're', pattern: 'geen (reactie|antwoord)|e\\.g\\.', regex: true, weight: 2 }]);
    expect(ids(classifyIntake(mail('Nog GEEN antwoord'), rules))).toEqual(['re']);
    expect(classifyIntake(mail('', 'geen reacties'), rules).matched).toEqual([]);
    const accented = rulesOf([{ id: 'r', pattern: 'ge[ïi]rriteerd', regex: true, weight: 2 }]);
    expect(classifyIntake(mail('', 'Geïrriteerd!'), accented).score).toBe(2);
    const escapes = rulesOf([{ id: 'ws', pattern: 'a\\Sb', regex: true, weight: 1 }]);
    expect(classifyIntake(mail('', 'A-B'), escapes).score).toBe(1);
    expect(classifyIntake(mail('', 'a b'), escapes).score).toBe(0);
  });
});

describe('scoring', () => {
  it('counts a rule at most once per location and weights the subject by subjectFactor', () => {
    const rules = rulesOf([{ id: 'klacht', pattern: '*klacht*', weight: 2 }], { subjectFactor: 2 });
    const r = classifyIntake(mail('Klacht klacht KLACHT', 'klacht, klachten en nog eens een klacht'), rules);
    expect(r.matched).toEqual([
      { id: 'klacht', weight: 4, where: 'subject' },
      { id: 'klacht', weight: 2, where: 'body' },
    ]);
    expect(r.score).toBe(6);
  });

  it('looks only where a rule says', () => {
    const rules = rulesOf([
      { id: 's', pattern: 'afwezig', weight: -3, where: 'subject' },
      { id: 'b', pattern: 'afwezig', weight: -1, where: 'body' },
    ]);
    expect(classifyIntake(mail('Afwezig'), rules).matched).toEqual([{ id: 's', weight: -4.5, where: 'subject' }]);
    expect(classifyIntake(mail('x', 'ik ben afwezig'), rules).matched).toEqual([{ id: 'b', weight: -1, where: 'body' }]);
  });

  it('labels by thresholds: ≥ complaint, ≤ notComplaint, unsure in between', () => {
    const rules = rulesOf(
      [
        { id: 'two', pattern: 'two', weight: 2, where: 'body' },
        { id: 'one', pattern: 'one', weight: 1, where: 'body' },
        { id: 'minus', pattern: 'minus', weight: -1, where: 'body' },
      ],
      { thresholds: { complaint: 3, notComplaint: 1 } },
    );
    expect(classifyIntake(mail('', 'two one'), rules)).toMatchObject({ label: 'complaint', score: 3 });
    expect(classifyIntake(mail('', 'two'), rules)).toMatchObject({ label: 'unsure', score: 2 });
    expect(classifyIntake(mail('', 'one'), rules)).toMatchObject({ label: 'not_complaint', score: 1 });
    expect(classifyIntake(mail('', 'two minus'), rules)).toMatchObject({ label: 'not_complaint', score: 1 });
    expect(classifyIntake(mail('', 'nothing here'), rules)).toMatchObject({ label: 'not_complaint', score: 0, matched: [] });
  });

  it('is explainable: matches are listed in rule order and add up to the score', () => {
    const r = classifyIntake(mail('Klacht over factuur', 'Ik ben ontevreden, al weken geen reactie. Bedankt.'), defaultClassifierRules);
    expect(ids(r)).toEqual(['nl.klacht', 'nl.ontevreden', 'nl.al-weken', 'nl.geen-reactie', 'nl.factuur', 'nl.bedankt']);
    expect(r.matched.reduce((s, m) => s + m.weight, 0)).toBeCloseTo(r.score, 6);
    expect(r.label).toBe('complaint');
    expect(describeTriage(r)).toMatch(/^complaint \(\d+(\.\d+)?\): nl\.klacht@subject \+4\.5, nl\.ontevreden@body \+3, /);
    expect(describeTriage(classifyIntake(mail('hallo'), defaultClassifierRules))).toBe('not_complaint (0): no rule matched');
  });

  it('reads only the first bodyCharLimit characters of the body', () => {
    const rules = rulesOf([{ id: 'k', pattern: 'klacht', weight: 3 }], { bodyCharLimit: 100 });
    expect(classifyIntake(mail('', `${'x '.repeat(60)}klacht`), rules).matched).toEqual([]);
    expect(classifyIntake(mail('', `klacht ${'x '.repeat(60)}`), rules).score).toBe(3);
  });
});

describe('default rules', () => {
  const classify = (subject: string, text = '') => classifyIntake({ subject, text }, defaultClassifierRules);

  it.each([
    ['Klacht', ''],
    ['', 'Ik wil een klacht indienen over uw dienstverlening.'],
    ['', 'Wij hebben meerdere serviceklachten en zijn ontevreden.'],
    ['Complaint', ''],
    ['', 'I want to complain: the outage is unacceptable.'],
    ['', 'Wij zijn niet tevreden. Het probleem is nog steeds niet opgelost.'],
    ['', 'Ik WIL MIJN GELD TERUG, dit is belachelijk'],
    ['', 'Very dissatisfied — I want a refund.'],
  ])('takes %j / %j as a complaint', (subject, text) => {
    expect(classify(subject, text).label).toBe('complaint');
  });

  it.each([
    ['Geen klacht, maar een vraag', 'Dit is geen klacht hoor. Is het mogelijk om ...'],
    ['Not a complaint', "This isn't a complaint, just wondering how do I export?"],
    ['Waar vind ik uw klachtenregeling?', ''],
    ['Your complaints procedure', 'Could you send us your complaints procedure for our tender?'],
    ['Aanvraag offerte', 'Graag een offerte voor 10 licenties.'],
    ['Nieuwsbrief april', 'Klik hier om u af te melden.'],
    ['Automatisch antwoord: Klacht 123', 'Ik ben afwezig tot maandag.'],
    ['Automatic reply: complaint', 'I am out of the office until Monday.'],
    ['Invoice INV-1', 'Amount due: €100. Due date: 1 June.'],
    ['Webinar invitation', 'Save your seat. Unsubscribe'],
  ])('does not take %j as a complaint', (subject, text) => {
    expect(classify(subject, text).label).not.toBe('complaint');
  });

  it('does not read "complaints procedure" or "klachtenregeling" as complaint evidence', () => {
    expect(ids(classify('', 'see our complaints procedure and klachtenregeling'))).toEqual([]);
    expect(ids(classify('', 'a complaint under your complaints procedure'))).toEqual(['en.complaint']);
  });

  it('counts a word shared by Dutch and English once, not once per language', () => {
    expect(ids(classify('', 'Wij willen compensatie.'))).toEqual(['nl.compensatie']);
    expect(ids(classify('', 'I expect compensation.'))).toEqual(['en.compensation', 'en.expect']);
    expect(ids(classify('', 'Bijgaand mijn CV'))).toEqual(['any.cv']);
  });
});

describe('triageReport', () => {
  const rules = rulesOf([
    { id: 'k', pattern: 'klacht', weight: 3 },
    { id: 'h', pattern: 'helaas', weight: 1 },
  ]);
  const entry = (id: string, label: 'complaint' | 'not_complaint', text: string) => ({ id, lang: 'nl' as const, label, subject: '', text });

  it('counts unsure as not predicted for precision and as a miss for recall', () => {
    const corpus: TriageCorpus = [
      entry('1', 'complaint', 'klacht'),
      entry('2', 'complaint', 'helaas'),
      entry('3', 'complaint', 'niets'),
      entry('4', 'not_complaint', 'klacht'),
      entry('5', 'not_complaint', 'helaas'),
      entry('6', 'not_complaint', 'niets'),
    ];
    const report = triageReport(corpus, rules);
    expect(report.confusion).toEqual({
      complaint: { complaint: 1, unsure: 1, not_complaint: 1 },
      not_complaint: { complaint: 1, unsure: 1, not_complaint: 1 },
    });
    expect(report.precision).toBe(0.5);
    expect(report.recall).toBeCloseTo(1 / 3, 4);
    expect(report.unsure).toBe(2);
    expect(report.misses.map((m) => m.id)).toEqual(['2', '3', '4', '5']);
  });

  it('reports 0, not a vacuous 1, when nothing is predicted or nothing is a complaint', () => {
    expect(triageReport([entry('1', 'not_complaint', 'niets')], rules)).toMatchObject({ precision: 0, recall: 0 });
  });

  it('names the file when the corpus is malformed', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'triage-')), 'bad.json');
    writeFileSync(path, JSON.stringify([{ id: 'x', lang: 'de', label: 'complaint', subject: '', text: '' }]));
    expect(() => loadTriageCorpus(path)).toThrow(path);
  });
});

describe('labelled corpus (test/fixtures/triage/corpus.json)', () => {
  const corpus = loadTriageCorpus(CORPUS_PATH);
  const complaintThreshold = defaultClassifierRules.thresholds.complaint;

  it('is big, bilingual and about 40% complaints', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(64);
    expect(new Set(corpus.map((m) => m.id)).size).toBe(corpus.length);
    const nl = corpus.filter((m) => m.lang === 'nl').length;
    expect(nl / corpus.length).toBeGreaterThan(0.4);
    expect(nl / corpus.length).toBeLessThan(0.6);
    const complaints = corpus.filter((m) => m.label === 'complaint').length;
    expect(complaints / corpus.length).toBeGreaterThan(0.3);
    expect(complaints / corpus.length).toBeLessThan(0.5);
  });

  const report = triageReport(corpus, defaultClassifierRules);

  it('reaches precision ≥ 0.9 and recall ≥ 0.8 on the complaint label', () => {
    expect(report.precision, JSON.stringify(report.misses, null, 1)).toBeGreaterThanOrEqual(0.9);
    expect(report.recall, JSON.stringify(report.misses, null, 1)).toBeGreaterThanOrEqual(0.8);
  });

  it.each(['nl', 'en'] as const)('works in %s on its own (precision ≥ 0.85, recall ≥ 0.75)', (lang) => {
    const own = triageReport(
      corpus.filter((m) => m.lang === lang),
      defaultClassifierRules,
    );
    expect(own.precision).toBeGreaterThanOrEqual(0.85);
    expect(own.recall).toBeGreaterThanOrEqual(0.75);
  });

  it('never dismisses a complaint outright: a miss lands in "unsure", where a handler sees it', () => {
    expect(report.confusion.complaint.not_complaint).toBe(0);
  });

  it('never calls an ordinary mail a complaint with confidence (score ≥ twice the threshold)', () => {
    const confident = corpus
      .filter((m) => m.label === 'not_complaint')
      .map((m) => ({ id: m.id, ...classifyIntake(m, defaultClassifierRules) }))
      .filter((r) => r.score >= 2 * complaintThreshold);
    expect(confident).toEqual([]);
  });

  it('keeps the unsure band narrow (≤ 15% of mail), so high precision is not bought by abstaining', () => {
    expect(report.unsure / corpus.length).toBeLessThanOrEqual(0.15);
  });
});
