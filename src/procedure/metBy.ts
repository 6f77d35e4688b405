import type { DeadlineKind, ProcEventType } from './types.js';

/**
 * The events that meet each deadline, as the steps settle it (resolveDeadline / awaitLetter in
 * steps/*; test/procedure/metBy.test.ts holds each entry against the engine). Whoever can bring
 * about one of these events — the role of the command behind it — is who a reminder must reach.
 */
export const DEADLINE_MET_BY: { readonly [K in DeadlineKind]: readonly ProcEventType[] } = {
  // The acknowledgement goes out when someone is assigned (or is confirmed given another way).
  acknowledgement: ['assigned', 'acknowledgement-sent'],
  information: ['information-received'],
  outcome: ['outcome'],
  'objection-window': ['objection', 'objection-window-ended'],
  decision: ['decision'],
};
