/**
 * The vocabulary of the procedure engine: states, events, effects, deadlines. Everything here
 * is plain JSON-serialisable data (instants are ISO strings) so the shell can store a
 * ComplaintProcState as it is and replay events.
 */
import type { Period } from './period.js';

export const INFO_FIELDS = ['contact', 'service', 'date', 'description'] as const;
/** The four pieces of information a complaint can require (PuraSec: a–d). */
export type InfoField = (typeof INFO_FIELDS)[number];

export const OUTCOME_VERDICTS = ['founded', 'partly', 'unfounded'] as const;
export type OutcomeVerdict = (typeof OUTCOME_VERDICTS)[number];
/** Management's decision on an objection: upheld (the objection is founded), partly, rejected. */
export const DECISION_VERDICTS = ['upheld', 'partly', 'rejected'] as const;
export type DecisionVerdict = (typeof DECISION_VERDICTS)[number];
export type HearingMode = 'phone' | 'office';

/**
 * Where a complaint stands. The state is never set by hand: it is derived from the facts of
 * the complaint after every transition (see phase.ts), so a procedure that lacks a step simply
 * never enters that step's state.
 */
export const PROC_STATES = [
  'new',
  'awaiting-information',
  'admissibility-check',
  'in-treatment',
  'outcome-sent',
  'objection',
  'hearing-scheduled',
  'heard',
  'closed',
] as const;
export type ProcStateName = (typeof PROC_STATES)[number];

/** Why a complaint was closed; reopen undoes exactly this. */
export type ClosedReason = 'closed' | 'inadmissible' | 'decision' | 'objection-window-ended';

export const DEADLINE_KINDS = ['acknowledgement', 'information', 'outcome', 'objection-window', 'decision'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
/**
 * open: running; paused: clock stopped while waiting on the customer; met / missed: the
 * required step happened before / after dueAt; cleared: became moot (closed, window elapsed).
 */
export type DeadlineStatus = 'open' | 'paused' | 'met' | 'missed' | 'cleared';
/** company: reminders and escalations apply; customer: a window the customer has (a timer). */
export type DeadlineOwner = 'company' | 'customer';

export interface Deadline {
  kind: DeadlineKind;
  owner: DeadlineOwner;
  /** The period the deadline was computed from (the procedure's setting). */
  period: Period;
  /** ISO instant the clock started. */
  startedAt: string;
  /** ISO instant, the last millisecond of the due day. While paused: the due date as it stood at the pause. */
  dueAt: string;
  status: DeadlineStatus;
  /** While paused: ISO instant of the pause. */
  pausedAt?: string;
  /** While paused: what is left, in the period's own unit (see deadlines.ts for the counting rule). */
  remaining?: Period;
  /** When it became met / missed / cleared. */
  resolvedAt?: string;
  /** Set when a close cleared it, so reopen can restore it. */
  statusBeforeClose?: 'open' | 'paused';
  /**
   * The letter that meets this deadline is queued but not yet accepted by the mail server: the
   * deadline is met (or missed) at the moment of acceptance (`letter-accepted`), not of queuing.
   * A close does not clear it meanwhile.
   */
  awaitingLetter?: LetterKind;
}

/** The customer's mail that may be an objection: when it arrived, what it says, its Message-ID. */
export interface SuspectedObjection {
  receivedAt: string;
  text: string;
  messageId: string | null;
}

export interface ComplaintProcState {
  state: ProcStateName;
  receivedAt: string;
  handlerId: string | null;
  acknowledgedAt: string | null;
  /** Required pieces of information still missing (policy order). */
  missing: InfoField[];
  /** When all required information was first complete (receipt when nothing was missing). */
  infoCompleteAt: string | null;
  /** Set while the company waits on the customer for information it asked for. */
  waitingSince: string | null;
  service: string | null;
  /**
   * The local date (`YYYY-MM-DD`) the customer says the problem happened (intake/incidentDate.ts),
   * null while unknown. Absent in states stored before it existed.
   */
  incidentDate?: string | null;
  admissibility: 'admissible' | 'inadmissible' | null;
  causeRecordedAt: string | null;
  /**
   * When the company first reached the customer personally (PreAct step 3: "uw contactpersoon
   * neemt voor een toelichting altijd contact met u op"): a recorded call (#called) or a message
   * sent through the desk (#reply). Null until then.
   */
  contactMadeAt: string | null;
  outcomeVerdict: OutcomeVerdict | null;
  outcomeSentAt: string | null;
  objectionWindowEnd: string | null;
  objectionWindowEnded: boolean;
  objectionAt: string | null;
  objectionLate: boolean;
  /**
   * A customer's mail inside the window that may be an objection, waiting for management to
   * confirm (#objection) or dismiss (#noobjection) it: the window's end does not close the
   * complaint meanwhile. Absent in states stored before it existed.
   */
  objectionSuspected?: SuspectedObjection | null;
  hearingAt: string | null;
  hearingMode: HearingMode | null;
  heardAt: string | null;
  decisionVerdict: DecisionVerdict | null;
  decidedAt: string | null;
  learningsRecorded: number;
  closedAt: string | null;
  closedReason: ClosedReason | null;
  deadlines: Partial<Record<DeadlineKind, Deadline>>;
}

// --- events: what happened (a command, a mail, a timer) ---

export type ProcEvent =
  /**
   * A new complaint. `present`: the required fields the intake found; `handlerId`: chosen by the
   * shell per acknowledgement.assignment (null: nobody available / manual); `incidentDate`: the
   * local date the complaint says the problem happened, when it names one.
   */
  | { type: 'received'; receivedAt: string; present?: InfoField[]; handlerId?: string | null; incidentDate?: string | null }
  | { type: 'assigned'; handlerId: string }
  /** The acknowledgement was given another way (e.g. on the phone), by `handlerId` or the assigned handler; no letter. */
  | { type: 'acknowledgement-sent'; handlerId?: string }
  /** #info: a question for the customer and/or required fields to ask for. */
  | { type: 'information-requested'; question?: string; fields?: InfoField[] }
  /**
   * The customer answered (any mail while waiting), or someone supplied fields. `fields`: the
   * required pieces the intake found in it; `service`: the catalogue name when it found one
   * (implies the service field); `at`: when it arrived (default now); `incidentDate`: the local
   * date (`YYYY-MM-DD`) it says the problem happened (implies the date field).
   */
  | { type: 'information-received'; fields?: InfoField[]; service?: string; at?: string; incidentDate?: string }
  | { type: 'service-set'; service: string }
  | { type: 'admissible'; body?: string }
  | { type: 'inadmissible'; justification: string }
  | { type: 'cause-recorded'; body: string }
  /** `serviceChanges`: what the company changes in its services, a section of its own in the letter (none: left out). */
  | { type: 'outcome'; verdict: OutcomeVerdict; body: string; serviceChanges?: string }
  | { type: 'learning-recorded'; body: string }
  /**
   * `receivedAt`: when the objection reached the company (it decides whether it is in time).
   * Confirming a suspected objection: its mail's time and text are the objection's, when earlier.
   */
  | { type: 'objection'; receivedAt: string; body?: string }
  /** A customer's mail inside the window may be an objection (`text`: what they wrote); management decides. */
  | { type: 'objection-suspected'; receivedAt: string; text: string; messageId?: string | null }
  /** Management: the suspected objection is none. `note`: their reasons, on record. */
  | { type: 'objection-dismissed'; note?: string }
  /**
   * Local date `YYYY-MM-DD` and time `HH:MM` in the tenant's zone, as the #hearing command parses
   * them. `note`: the manager's own words for the customer, set into the invitation.
   */
  | { type: 'hearing-scheduled'; date: string; time: string; mode: HearingMode | null; note?: string }
  /**
   * The conversation took place. `date` / `time`: when, in the tenant's zone, as #heard parses
   * them (`YYYY-MM-DD`, `HH:MM`; a time alone means today, a date alone the scheduled hearing's
   * time that day, else now when today, else midday); `at`: an ISO instant. None of them: now,
   * which is refused before the scheduled hearing. The decision deadline runs from that moment.
   */
  | { type: 'heard'; at?: string; date?: string; time?: string }
  | { type: 'decision'; verdict: DecisionVerdict; body: string }
  /** Timer: the objection window's due date passed. */
  | { type: 'objection-window-ended' }
  /** `quiet`: no closing letter (e.g. a misregistered mail). */
  | { type: 'close'; reason?: string; quiet?: boolean }
  | { type: 'reopen'; reason?: string }
  | { type: 'note'; body: string }
  /** #called: someone reached the customer personally (phone, visit); `note`: what was discussed, may be absent. */
  | { type: 'contact-made'; note?: string }
  /** A handler's message to the customer, sent through the bot. */
  | { type: 'reply'; body: string }
  /**
   * The outbox: the mail server accepted `letter` (or the file transport wrote it) at `at`; the
   * deadline it meets is settled then. `undeliverable`: it could not be sent at all (no email
   * address) and was handed to a person, which settles the deadline at `at` as before.
   */
  | { type: 'letter-accepted'; letter: LetterKind; at: string }
  /** The outbox gave up on `letter` (5xx, retries exhausted): the deadline it would meet runs on. */
  | { type: 'letter-failed'; letter: LetterKind };

export type ProcEventType = ProcEvent['type'];
export type EventOf<T extends ProcEventType> = Extract<ProcEvent, { type: T }>;

// --- effects: what the shell must do, in order, inside the same transaction ---

export type LetterKind =
  | 'acknowledgement'
  | 'information-request'
  | 'inadmissible'
  | 'outcome'
  | 'objection-received'
  | 'hearing-invitation'
  | 'decision'
  | 'closing'
  | 'handler-message'
  /** After a reassignment: the customer's new contact person. */
  | 'contact-changed';

export type NotifyWhat = 'assignment-needed' | 'assigned' | 'information-received' | 'objection-received' | 'decision-due' | 'record-learning' | 'reopened';

export type RecordKind = 'note' | 'cause' | 'learning' | 'admissibility' | 'state-changed';

export type Effect =
  /** `meets`: the deadline this letter settles once the mail server accepts it (see Deadline.awaitingLetter). */
  | { type: 'send-letter'; letter: LetterKind; data: Record<string, unknown>; meets?: DeadlineKind }
  | { type: 'set-deadline'; kind: DeadlineKind; dueAt: string; owner: DeadlineOwner }
  | { type: 'pause-deadline'; kind: DeadlineKind; pausedAt: string; remaining: Period }
  | { type: 'resume-deadline'; kind: DeadlineKind; dueAt: string }
  | { type: 'clear-deadline'; kind: DeadlineKind; status: 'met' | 'missed' | 'cleared'; met: boolean }
  | { type: 'notify'; who: 'handler' | 'managers'; what: NotifyWhat; data: Record<string, unknown> }
  | { type: 'record'; record: RecordKind; data: Record<string, unknown> };

// --- results ---

export const ProcErrorCodes = {
  NOT_STARTED: 'not-started',
  ALREADY_RECEIVED: 'already-received',
  NOT_ALLOWED_IN_STATE: 'not-allowed-in-state',
  STEP_DISABLED: 'step-disabled',
  MISSING_INFORMATION: 'missing-information',
  MISSING_ROOT_CAUSE: 'missing-root-cause',
  NO_HANDLER: 'no-handler',
  EMPTY_BODY: 'empty-body',
  INVALID_ARGUMENT: 'invalid-argument',
  TOO_EARLY: 'too-early',
} as const;
export type ProcErrorCode = (typeof ProcErrorCodes)[keyof typeof ProcErrorCodes];

/** A step's refusal; `choices` lists valid argument values when the argument was wrong. */
export interface StepFailure {
  code: ProcErrorCode;
  message: string;
  choices?: string[];
}

export type TransitionResult =
  | { ok: true; state: ComplaintProcState; effects: Effect[] }
  | { ok: false; code: ProcErrorCode; message: string; allowed: ProcEventType[]; choices?: string[] };
