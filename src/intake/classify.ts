import type { ParsedMessage } from '../parse/types.js';
import { ANALYSIS_MAX_CHARS } from '../text/limits.js';
import type { ClassifierRule, ClassifierRules } from './classifierSchema.js';

/**
 * Intake triage for a shared mailbox (SPEC §4): is this new mail a complaint?
 *
 * A transparent weighted-keyword score, no ML, so a handler can read why a mail was or was not
 * taken up and an operator can fix it in config:
 * - subject and body are normalised (Unicode compatibility decomposition, combining marks
 *   removed, lower-cased, typographic apostrophes and hyphens folded), so "Teleurgesteld",
 *   "TELEURGESTELD" and "teleurgestéld" are the same word;
 * - each rule is tested once against the subject and once against the body (per its `where`);
 *   a rule counts at most once per location, however often its words repeat (ranting
 *   "klacht klacht klacht" is one piece of evidence, not three);
 * - a subject match contributes `weight × subjectFactor`, a body match `weight`;
 * - score = sum of contributions; score ≥ thresholds.complaint → complaint,
 *   score ≤ thresholds.notComplaint → not_complaint, otherwise unsure.
 *
 * Pure: a function of (message, rules). Compiled patterns are cached per rules object, so the
 * rules must not be mutated after the first call (config is parsed once and frozen in use).
 */

export type TriageLabel = 'complaint' | 'not_complaint' | 'unsure';
export type MatchLocation = 'subject' | 'body';

export interface TriageMatch {
  /** The rule's id. */
  id: string;
  /** What this match added to the score: the rule's weight, times subjectFactor in the subject. */
  weight: number;
  where: MatchLocation;
}

export interface TriageResult {
  label: TriageLabel;
  /** Sum of the matches' weights (rounded to 2 decimals). */
  score: number;
  /** Every rule that fired, in rule order, subject before body. */
  matched: TriageMatch[];
}

export type TriageInput = Pick<ParsedMessage, 'subject' | 'text'>;

interface CompiledRule {
  rule: ClassifierRule;
  re: RegExp;
}

/** A letter or digit on either side means we are inside a word, not at its boundary. */
const BEFORE_WORD = '(?<![\\p{L}\\p{N}])';
const AFTER_WORD = '(?![\\p{L}\\p{N}])';
/** Between the words of a phrase: any run of whitespace or hyphens (line wraps, "out-of-office"). */
const WORD_GAP = '[\\s-]+';

/**
 * The text as rules see it. NFKD also folds ligatures and full-width letters, which spam uses to
 * dodge filters; the apostrophe/hyphen folding makes "don’t" and "e‑mail" match typed patterns.
 */
export function normaliseForMatch(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'")
    .replace(/[\u2010\u2011\u00ad]/g, '-');
}

function escapeRegExp(s: string): string {
  // Only syntax characters: in unicode mode an unneeded escape such as \- is a syntax error.
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Phrase → regex source: words joined by WORD_GAP; a "*" at a word's edge stands for letters. */
function phraseSource(pattern: string): string {
  return normaliseForMatch(pattern)
    .split(/[\s-]+/)
    .filter((w) => w.length > 0)
    .map((word) => {
      const lead = word.startsWith('*') ? '\\p{L}*' : '';
      const trail = word.length > 1 && word.endsWith('*') ? '\\p{L}*' : '';
      const core = word.replace(/^\*/, '').replace(/\*$/, '');
      return lead + escapeRegExp(core) + trail;
    })
    .join(WORD_GAP);
}

function compileRule(rule: ClassifierRule): CompiledRule {
  // Regex sources are accent-stripped but not lower-cased: lower-casing would turn \S into \s.
  const source = rule.regex ? rule.pattern.normalize('NFKD').replace(/\p{M}+/gu, '') : phraseSource(rule.pattern);
  return { rule, re: new RegExp(`${BEFORE_WORD}(?:${source})${AFTER_WORD}`, 'iu') };
}

const compiledCache = new WeakMap<ClassifierRules, CompiledRule[]>();

function compiledRules(rules: ClassifierRules): CompiledRule[] {
  let compiled = compiledCache.get(rules);
  if (!compiled) {
    compiled = rules.rules.map(compileRule);
    compiledCache.set(rules, compiled);
  }
  return compiled;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

export function labelForScore(score: number, rules: Pick<ClassifierRules, 'thresholds'>): TriageLabel {
  if (score >= rules.thresholds.complaint) return 'complaint';
  if (score <= rules.thresholds.notComplaint) return 'not_complaint';
  return 'unsure';
}

export function classifyIntake(msg: TriageInput, rules: ClassifierRules): TriageResult {
  // The header cap bounds the subject too, but the rules' work should not depend on it.
  const subject = normaliseForMatch(msg.subject.slice(0, ANALYSIS_MAX_CHARS));
  const body = normaliseForMatch(msg.text.slice(0, rules.bodyCharLimit));
  const matched: TriageMatch[] = [];
  let total = 0;
  for (const { rule, re } of compiledRules(rules)) {
    if (rule.where !== 'body' && re.test(subject)) {
      const weight = round2(rule.weight * rules.subjectFactor);
      matched.push({ id: rule.id, weight, where: 'subject' });
      total += weight;
    }
    if (rule.where !== 'subject' && re.test(body)) {
      matched.push({ id: rule.id, weight: rule.weight, where: 'body' });
      total += rule.weight;
    }
  }
  const score = round2(total);
  return { label: labelForScore(score, rules), score, matched };
}

/** One line for a handler's list: "unsure (1.5): en.refund@body +2, en.thanks@body -1". */
export function describeTriage(result: TriageResult): string {
  const parts = result.matched.map((m) => `${m.id}@${m.where} ${m.weight > 0 ? '+' : ''}${m.weight}`);
  return `${result.label} (${result.score})${parts.length ? `: ${parts.join(', ')}` : ': no rule matched'}`;
}
