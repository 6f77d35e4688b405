import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { procedureSchema } from '../../src/procedure/schema.js';
import { preact, purasec } from './helpers.js';

const issues = (input: unknown): string[] => {
  const result = procedureSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
};

describe('procedure files', () => {
  it('the procedure in config/tenants/preact.yaml parses to the seed procedure', () => {
    expect(preact).toEqual({
      acknowledgement: { within: { workingDays: 5 }, assignment: 'least-open' },
      treatment: { rootCause: false, personalContact: true, contactReminderWorkingDays: 5 },
      outcome: { within: { calendarDays: 21 }, from: 'receipt', verdicts: ['founded', 'partly', 'unfounded'] },
      objection: { window: { calendarDays: 28 }, hearing: true, decisionWithin: { calendarDays: 28 } },
      closing: { autoCloseAfterObjectionWindow: true, letter: true },
    });
  });

  it('the procedure in config/tenants/purasec.yaml parses to the seed procedure', () => {
    expect(purasec).toEqual({
      acknowledgement: { within: { workingDays: 2 }, assignment: 'least-open' },
      requiredInformation: { fields: ['contact', 'service', 'date', 'description'], pauseClock: true },
      admissibility: { enabled: true },
      treatment: { rootCause: true, personalContact: false, contactReminderWorkingDays: 5 },
      outcome: { within: { workingDays: 10 }, from: 'information-complete', verdicts: ['founded', 'partly', 'unfounded'] },
      learnings: { enabled: true },
      closing: { autoCloseAfterObjectionWindow: true, letter: true },
    });
  });

  it('a procedure with only the acknowledgement lacks the outcome step, and says so', () => {
    expect(issues({ acknowledgement: { within: { workingDays: 5 } } })).toEqual(['outcome: Invalid input: expected object, received undefined']);
  });
});

describe('procedureSchema', () => {
  const minimal = { acknowledgement: { within: { workingDays: 3 } }, outcome: { within: { workingDays: 15 } } };

  it('fills the documented defaults; absent optional steps stay off', () => {
    expect(procedureSchema.parse(minimal)).toEqual({
      acknowledgement: { within: { workingDays: 3 }, assignment: 'least-open' },
      treatment: { rootCause: false, personalContact: false, contactReminderWorkingDays: 5 },
      outcome: { within: { workingDays: 15 }, from: 'receipt', verdicts: ['founded', 'partly', 'unfounded'] },
      closing: { autoCloseAfterObjectionWindow: true, letter: true },
    });
    expect(procedureSchema.parse({ ...minimal, requiredInformation: {}, admissibility: {}, learnings: {} })).toMatchObject({
      requiredInformation: { fields: ['contact', 'service', 'date', 'description'], pauseClock: true },
      admissibility: { enabled: true },
      learnings: { enabled: true },
    });
  });

  it.each([
    ['a misspelt step', { ...minimal, objecton: {} }, '(root): Unrecognized key: "objecton"'],
    ['a misspelt field', { ...minimal, outcome: { within: { workingDays: 1 }, form: 'receipt' } }, 'outcome: Unrecognized key: "form"'],
    [
      'information-complete without the step',
      { ...minimal, outcome: { within: { workingDays: 10 }, from: 'information-complete' } },
      'outcome.from: outcome.from: information-complete needs a requiredInformation step',
    ],
    [
      'a duplicate verdict',
      { ...minimal, outcome: { within: { workingDays: 1 }, verdicts: ['founded', 'founded'] } },
      'outcome.verdicts: "founded" is listed twice',
    ],
    ['a duplicate field', { ...minimal, requiredInformation: { fields: ['service', 'service'] } }, 'requiredInformation.fields: "service" is listed twice'],
    [
      'an unknown field',
      { ...minimal, requiredInformation: { fields: ['phone'] } },
      'requiredInformation.fields.0: Invalid option: expected one of "contact"|"service"|"date"|"description"',
    ],
    ['no verdicts', { ...minimal, outcome: { within: { workingDays: 1 }, verdicts: [] } }, 'outcome.verdicts: Too small: expected array to have >=1 items'],
    ['a period in weeks', { ...minimal, outcome: { within: { weeks: 3 } } }, 'outcome.within:'],
    ['a negative period', { ...minimal, acknowledgement: { within: { workingDays: -1 } } }, 'acknowledgement.within'],
    ['an objection without decision period', { ...minimal, objection: { window: { calendarDays: 28 } } }, 'objection.decisionWithin:'],
  ])('rejects %s', (_name, input, expected) => {
    // Period messages come from config/schema.ts; for those the path is what this test pins.
    const found = issues(input);
    expect(
      found.some((issue) => issue.startsWith(expected)),
      `${expected} in ${JSON.stringify(found)}`,
    ).toBe(true);
  });

  it('documents every field', () => {
    const undocumented: string[] = [];
    const seen: string[] = [];
    const unwrap = (schema: z.ZodType): z.ZodType => {
      let s = schema as z.ZodType & { unwrap?: () => z.ZodType };
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- without it unwrap() is any-typed through zod's generics
      while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodPrefault) s = s.unwrap() as typeof s;
      return s;
    };
    const walk = (schema: z.ZodType, path: string): void => {
      const inner = unwrap(schema);
      if (!(inner instanceof z.ZodObject)) return;
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- the shape's values are any-typed without it
      for (const [key, field] of Object.entries(inner.shape as Record<string, z.ZodType>)) {
        seen.push(`${path}${key}`);
        if (!(field.description ?? unwrap(field).description)) undocumented.push(`${path}${key}`);
        walk(field, `${path}${key}.`);
      }
    };
    walk(procedureSchema, '');
    expect(seen).toContain('objection.decisionWithin');
    expect(seen).toHaveLength(26); // 8 steps + 18 settings
    expect(undocumented).toEqual([]);
  });
});
