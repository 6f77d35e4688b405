/**
 * The one explicit map from event to the step that handles it. Adding a step: a file in
 * steps/, its events in types.ts, its settings in schema.ts, and lines here. The mapped type
 * makes a missing handler a compile error.
 */
import type { StepHandler } from './context.js';
import type { ProcEventType } from './types.js';
import { acknowledgementSent, assigned } from './steps/acknowledgement.js';
import { admissible, inadmissible } from './steps/admissibility.js';
import { close, reopen } from './steps/closing.js';
import { contactMade } from './steps/contact.js';
import { decision } from './steps/decision.js';
import { letterAcceptedStep, letterFailedStep } from './steps/delivery.js';
import { heard, hearingScheduled } from './steps/hearing.js';
import { informationReceived, informationRequested, serviceSet } from './steps/information.js';
import { received } from './steps/intake.js';
import { learningRecorded } from './steps/learnings.js';
import { note, reply } from './steps/messages.js';
import { objection, objectionDismissed, objectionSuspected, objectionWindowEnded } from './steps/objection.js';
import { outcome } from './steps/outcome.js';
import { causeRecorded } from './steps/treatment.js';

export const stepHandlers: { readonly [T in ProcEventType]: StepHandler<T> } = {
  received,
  assigned,
  'acknowledgement-sent': acknowledgementSent,
  'information-requested': informationRequested,
  'information-received': informationReceived,
  'service-set': serviceSet,
  admissible,
  inadmissible,
  'cause-recorded': causeRecorded,
  'contact-made': contactMade,
  outcome,
  'learning-recorded': learningRecorded,
  'objection-suspected': objectionSuspected,
  objection,
  'objection-dismissed': objectionDismissed,
  'hearing-scheduled': hearingScheduled,
  heard,
  decision,
  'objection-window-ended': objectionWindowEnded,
  close,
  reopen,
  note,
  reply,
  'letter-accepted': letterAcceptedStep,
  'letter-failed': letterFailedStep,
};

/** In procedure order; allowedEvents lists events in this order. */
export const EVENT_ORDER: readonly ProcEventType[] = Object.keys(stepHandlers) as ProcEventType[];

export function handlerFor<T extends ProcEventType>(type: T): StepHandler<T> {
  return stepHandlers[type];
}
