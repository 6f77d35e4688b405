import { z } from 'zod';

/**
 * Intake triage rules as tenant config data (SPEC §4 "Intake triage"). A tenant with
 * `intake: classify` may replace or extend the default rule set in its YAML; everything the
 * classifier does is driven by these fields, so an operator can read why a mail was (not)
 * taken as a complaint and change it without touching code.
 */

export const ruleSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'rule ids are lower-case letters, digits, ".", "_" and "-"')
      .describe('stable name of the rule; listed in every result the rule contributed to'),
    pattern: z
      .string()
      .trim()
      .min(1)
      .describe(
        'a word or phrase, matched case- and accent-insensitively on word boundaries; words may be ' +
          'separated by any whitespace or "-" in the mail; a "*" at the start or end of a word stands ' +
          'for any letters (klacht* = klacht, klachten, klachtenregeling; *klacht = serviceklacht). ' +
          'With regex: true, a JavaScript regular expression run (flags "iu") on the lower-cased, ' +
          'accent-stripped text',
      ),
    regex: z.boolean().default(false).describe('pattern is a regular expression; default false'),
    weight: z
      .number()
      .finite()
      .refine((w) => w !== 0, 'a weight of 0 has no effect; remove the rule instead')
      .describe('score points per match location: > 0 is complaint evidence, < 0 is not-a-complaint evidence'),
    where: z.enum(['subject', 'body', 'any']).default('any').describe('where the pattern is looked for; "any" checks subject and body separately; default any'),
    lang: z.enum(['nl', 'en']).optional().describe('language the rule is written for; informational only (mails mix languages), all rules always run'),
  })
  .strict();

export const thresholdsSchema = z
  .object({
    complaint: z.number().finite().default(3).describe('score ≥ this → "complaint"; points; default 3'),
    notComplaint: z
      .number()
      .finite()
      .default(0)
      .describe('score ≤ this → "not_complaint"; points; default 0 (a mail with no evidence either way is not a complaint)'),
  })
  .strict()
  .refine((t) => t.notComplaint < t.complaint, {
    message: 'thresholds.notComplaint must be lower than thresholds.complaint (the gap between them is "unsure")',
  });

export const classifierRulesSchema = z
  .object({
    rules: z.array(ruleSchema).min(1).describe('the rules; each fires at most once in the subject and once in the body'),
    subjectFactor: z
      .number()
      .finite()
      .min(0)
      .default(1.5)
      .describe(
        'multiplier applied to the weight of a rule that matches in the subject (the subject is the ' +
          "sender's own summary, so it is stronger evidence than one phrase in a long body); default 1.5",
      ),
    bodyCharLimit: z
      .number()
      .int()
      .min(100)
      .default(20_000)
      .describe('only the first N characters of the body are examined, bounding work on huge mails; characters; default 20000'),
    thresholds: thresholdsSchema.default({ complaint: 3, notComplaint: 0 }).describe('score cut-offs; between them → "unsure"'),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    cfg.rules.forEach((rule, i) => {
      if (seen.has(rule.id)) {
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id "${rule.id}"` });
      }
      seen.add(rule.id);
      if (rule.regex) {
        try {
          new RegExp(rule.pattern, 'iu');
        } catch (err) {
          ctx.addIssue({
            code: 'custom',
            path: ['rules', i, 'pattern'],
            message: `rule "${rule.id}": invalid regular expression (${(err as Error).message})`,
          });
        }
      }
    });
  });

/** Rules after parsing: every default filled in. This is what `classifyIntake` takes. */
export type ClassifierRules = z.infer<typeof classifierRulesSchema>;
/** Rules as written in config (defaults optional). */
export type ClassifierRulesInput = z.input<typeof classifierRulesSchema>;
export type ClassifierRule = z.infer<typeof ruleSchema>;
