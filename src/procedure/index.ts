/** The procedure engine's public surface: pure, no I/O. */
export { procedureSchema, type Procedure, type ProcedureInput, type StepName } from './schema.js';
export { transition, startComplaint, allowedEvents, allowedCommands } from './machine.js';
export { phaseOf, STATE_DESCRIPTIONS } from './phase.js';
export { dueFrom, remainingAt } from './deadlines.js';
export * from './types.js';
