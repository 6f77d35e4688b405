import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { classifyIntake, type TriageLabel } from '../../src/intake/classify.js';
import type { ClassifierRules } from '../../src/intake/classifierSchema.js';
import { defaultClassifierRules } from '../../src/intake/defaultRules.js';

/**
 * Precision and recall of intake triage on a labelled corpus, for tuning rules.
 * Run: `node dist-bench/test/bench/triageReport.js [corpus.json]` (default test/fixtures/triage/corpus.json,
 * relative to the working directory); prints one JSON object.
 */

export const triageCorpusSchema = z.array(
  z
    .object({
      id: z.string().min(1),
      lang: z.enum(['nl', 'en']),
      label: z.enum(['complaint', 'not_complaint']).describe('the truth, as a complaints officer would judge it'),
      subject: z.string(),
      text: z.string().describe('what the sender newly wrote'),
    })
    .strict(),
);
export type TriageCorpus = z.infer<typeof triageCorpusSchema>;

type TrueLabel = TriageCorpus[number]['label'];

export interface TriageReport {
  total: number;
  /**
   * tp / (tp + fp) over the 'complaint' label: of the mails the classifier called a complaint,
   * the share that were. 0 when it called nothing a complaint (never vacuously perfect).
   */
  precision: number;
  /** tp / (tp + fn): of the real complaints, the share called a complaint; unsure counts as a miss. 0 when there are none. */
  recall: number;
  /** confusion[truth][predicted] = number of mails. */
  confusion: Record<TrueLabel, Record<TriageLabel, number>>;
  unsure: number;
  /** Every mail not predicted as its true label (unsure included), for reading, with the rules that fired. */
  misses: Array<{ id: string; truth: TrueLabel; predicted: TriageLabel; score: number; rules: string[] }>;
}

function ratio(num: number, den: number): number {
  return den === 0 ? 0 : Math.round((num / den) * 10_000) / 10_000;
}

export function triageReport(corpus: TriageCorpus, rules: ClassifierRules): TriageReport {
  const confusion: TriageReport['confusion'] = {
    complaint: { complaint: 0, not_complaint: 0, unsure: 0 },
    not_complaint: { complaint: 0, not_complaint: 0, unsure: 0 },
  };
  const misses: TriageReport['misses'] = [];
  for (const mail of corpus) {
    const result = classifyIntake(mail, rules);
    confusion[mail.label][result.label] += 1;
    if (result.label !== mail.label) {
      misses.push({
        id: mail.id,
        truth: mail.label,
        predicted: result.label,
        score: result.score,
        rules: result.matched.map((m) => `${m.id}@${m.where}${m.weight > 0 ? '+' : ''}${m.weight}`),
      });
    }
  }
  const tp = confusion.complaint.complaint;
  const fp = confusion.not_complaint.complaint;
  const fn = confusion.complaint.not_complaint + confusion.complaint.unsure;
  return {
    total: corpus.length,
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    confusion,
    unsure: confusion.complaint.unsure + confusion.not_complaint.unsure,
    misses,
  };
}

export function loadTriageCorpus(path: string): TriageCorpus {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read triage corpus ${path}`, { cause: err });
  }
  const parsed = triageCorpusSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`${path}: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const path = resolve(process.argv[2] ?? 'test/fixtures/triage/corpus.json');
  const report = triageReport(loadTriageCorpus(path), defaultClassifierRules);
  process.stdout.write(`${JSON.stringify({ corpus: path, ...report }, null, 2)}\n`);
}
