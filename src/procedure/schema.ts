import { z } from 'zod';
import { periodSchema } from './period.js';
import { INFO_FIELDS, OUTCOME_VERDICTS, type InfoField } from './types.js';

/**
 * A tenant's complaints procedure, as data: the steps the engine knows, each switched on and
 * tuned per tenant. An absent optional step is off. The engine has no tenant names in it; a
 * third company with the same building blocks is a config file.
 *
 * Periods are `{ workingDays: N }` ("by the end of the Nth working day after the day the clock
 * starts") or `{ calendarDays: N }` ("by the end of the local day N days later").
 */

const acknowledgementStep = z
  .object({
    within: periodSchema.describe('deadline for the acknowledgement (which names the contact person), counted from receipt'),
    assignment: z
      .enum(['least-open', 'manual'])
      .default('least-open')
      .describe(
        'how the contact person is chosen: least-open = the present handler with the fewest open complaints; manual = a manager assigns. Default least-open',
      ),
  })
  .strict()
  .describe('confirm receipt to the customer, naming the contact person (always on)');

const requiredInformationStep = z
  .object({
    fields: z
      .array(z.enum(INFO_FIELDS))
      .min(1)
      .default([...INFO_FIELDS])
      .describe(
        'information a complaint needs before treatment; missing pieces are asked from the customer automatically. Default: all four (contact, service, date, description)',
      ),
    pauseClock: z
      .boolean()
      .default(true)
      .describe('the outcome clock stands still while the company waits on the customer for information it asked for. Default true'),
    answerWithin: periodSchema
      .optional()
      .describe(
        'optional: the customer is expected to answer a request within this period (an `information` deadline for reminders to the handler). Default none',
      ),
  })
  .strict()
  .describe('optional: required information and requests for it (off when absent)');

const admissibilityStep = z
  .object({
    enabled: z.boolean().default(true).describe('judge admissibility before treatment; inadmissible ends the complaint with a justified letter. Default true'),
  })
  .strict()
  .describe('optional: admissibility check (off when absent)');

const treatmentStep = z
  .object({
    rootCause: z.boolean().default(false).describe('a root cause must be recorded (#cause) before the outcome can be sent. Default false'),
    personalContact: z
      .boolean()
      .default(false)
      .describe(
        'the contact person always reaches the customer personally before the outcome (#called, or a #reply through the desk); show and the digest say whether it happened. Default false',
      ),
    contactReminderWorkingDays: z
      .number()
      .int()
      .min(0)
      .default(5)
      .describe(
        'with personalContact: the contact person (managers when none) is reminded once, this many working days before the outcome deadline, when no contact is recorded yet. Default 5',
      ),
  })
  .strict()
  .describe('investigation of the complaint; defaults apply when absent');

const outcomeStep = z
  .object({
    within: periodSchema.describe('deadline for the substantive response'),
    from: z
      .enum(['receipt', 'information-complete'])
      .default('receipt')
      .describe('when the outcome clock starts: at receipt, or when all required information is complete (needs requiredInformation). Default receipt'),
    verdicts: z
      .array(z.enum(OUTCOME_VERDICTS))
      .min(1)
      .default([...OUTCOME_VERDICTS])
      .describe('verdicts an outcome may carry. Default founded, partly, unfounded'),
  })
  .strict()
  .describe('the substantive response to the customer (always on)');

const objectionStep = z
  .object({
    window: periodSchema.describe('how long after the outcome letter the customer may object'),
    hearing: z.boolean().default(true).describe('the customer is invited to explain the objection orally before the decision. Default true'),
    decisionWithin: periodSchema.describe(
      'deadline for the written decision, counted from the hearing (or from receipt of the objection when hearing is false)',
    ),
  })
  .strict()
  .describe('optional: objection to management after the outcome (off when absent)');

const learningsStep = z
  .object({
    enabled: z.boolean().default(true).describe('learnings can be recorded (#learning) and the handler is reminded after the outcome. Default true'),
  })
  .strict()
  .describe('optional: internal learnings reported to management (off when absent)');

const closingStep = z
  .object({
    autoCloseAfterObjectionWindow: z.boolean().default(true).describe('close the complaint when the objection window elapses without objection. Default true'),
    letter: z
      .boolean()
      .default(true)
      .describe(
        'send the closing letter when a handler closes an acknowledged complaint or it closes automatically (not after an inadmissible or decision letter, which end it themselves). Default true',
      ),
  })
  .strict()
  .describe('closing; defaults apply when absent');

export const procedureSchema = z
  .object({
    acknowledgement: acknowledgementStep,
    requiredInformation: requiredInformationStep.optional(),
    admissibility: admissibilityStep.optional(),
    treatment: treatmentStep.prefault({}),
    outcome: outcomeStep,
    objection: objectionStep.optional(),
    learnings: learningsStep.optional(),
    closing: closingStep.prefault({}),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.outcome.from === 'information-complete' && !p.requiredInformation) {
      ctx.addIssue({
        code: 'custom',
        path: ['outcome', 'from'],
        message: 'outcome.from: information-complete needs a requiredInformation step',
      });
    }
    const duplicate = (list: readonly string[]): string | undefined => list.find((v, i) => list.indexOf(v) !== i);
    const field = p.requiredInformation ? duplicate(p.requiredInformation.fields) : undefined;
    if (field) ctx.addIssue({ code: 'custom', path: ['requiredInformation', 'fields'], message: `"${field}" is listed twice` });
    const verdict = duplicate(p.outcome.verdicts);
    if (verdict) ctx.addIssue({ code: 'custom', path: ['outcome', 'verdicts'], message: `"${verdict}" is listed twice` });
  })
  .describe('the steps and deadlines of the complaints procedure');

export type Procedure = z.infer<typeof procedureSchema>;
export type ProcedureInput = z.input<typeof procedureSchema>;
export type StepName = keyof Procedure;

// --- questions the engine asks of a procedure ---

export const requiredFields = (p: Procedure): readonly InfoField[] => p.requiredInformation?.fields ?? [];
export const hasAdmissibility = (p: Procedure): boolean => p.admissibility?.enabled === true;
export const hasObjection = (p: Procedure): boolean => p.objection !== undefined;
export const hasHearing = (p: Procedure): boolean => p.objection?.hearing === true;
export const promisesPersonalContact = (p: Procedure): boolean => p.treatment.personalContact;
export const hasLearnings = (p: Procedure): boolean => p.learnings?.enabled === true;
export const pausesClock = (p: Procedure): boolean => p.requiredInformation?.pauseClock === true;
