/**
 * The data contract of every shipped letter: what its templates (templates/default/<lang>/
 * <name>.{text,html}.hbs and the partials they use) read, as the callers build it. `CommonData`
 * is added by queueLetter for every letter, `lang` by the renderer. A field a template reads
 * that is missing here fails test/letters/letterContract.test.ts.
 *
 * Times are ISO 8601 strings (`Date#toISOString()`); the templates write them out in the
 * reader's language and the tenant's time zone.
 */

type IsoDateTime = string;

export interface CommonData {
  tenant: { name: string; address: string; footer: string };
}

export interface Named {
  name: string;
}

/** Subjects are customer text with command tags made harmless (workflow/effects.ts `untagged`). */
export interface ComplaintRef {
  reference: string;
  subject: string;
}

export interface ComplaintSummary extends ComplaintRef {
  receivedAt: IsoDateTime;
  /** Only the day is known (a complaint registered with a date and no time): print the date, not an invented hour. */
  receivedDateOnly?: boolean;
}

/** The complaint as a handler or manager sees it (workflow/effects.ts `complaintBlock`). */
export interface ComplaintDetails extends ComplaintSummary {
  /** '' when the mail had only a subject. */
  description: string;
  service: string | null;
  /** `email`, `phone`, `contact-person` and `forwarded` are written out; anything else is shown as is. */
  channel: string;
  /** When the problem happened (`YYYY-MM-DD`, local), as the customer told it; only in the assignment mail. */
  incidentDate?: string | null;
}

export interface ContactPerson {
  name: string;
  email: string;
  phone: string | null;
}

/** A period of the procedure as a letter says it ("4 weken", "10 werkdagen": the `period` partial). */
export interface LetterPeriod {
  count: number;
  unit: 'weeks' | 'days' | 'workingDays';
}

export interface Management {
  name: string;
  phone: string | null;
}

export interface DeadlineItem {
  label: string;
  dueAt: IsoDateTime;
  status: string;
}

export type MissingItem = 'contact' | 'service' | 'date' | 'description';

export interface InformationRequest {
  missing: MissingItem[];
  question: string | null;
  /** The tenant's service names, offered when `service` is missing. */
  services: string[];
}

/** The complaint as a customer letter names it. */
export interface CustomerComplaint extends ComplaintSummary {
  /**
   * What the subject says the complaint is about (text/subjectTopic.ts), or null when it says
   * no more than "complaint": letters then name it by date and reference, never as "uw klacht "Klacht"".
   */
  topic: string | null;
}

/** Every letter to a customer (workflow/effects.ts `customerData`). */
export interface CustomerLetter {
  complaint: CustomerComplaint;
  /** `phone`: the number the desk has for the customer (from the mail's signature or #register), null when none. */
  customer: { name: string; email: string; phone: string | null };
  /** The handler, or the tenant itself when nobody is assigned. */
  contact: ContactPerson;
  /** Other complaints of this sender a collapsed automatic letter also answers. */
  alsoConcerning: ComplaintRef[];
}

/** Every mail to a handler or manager. */
export interface InternalMail {
  person: Named;
}

export interface DigestItem {
  reference: string;
  subject: string;
  handler: string;
  detail: string;
}

/** What the daily digest lists (built by scheduler/digest.ts). */
export interface DigestContent {
  date: IsoDateTime;
  since: IsoDateTime;
  quiet: boolean;
  newComplaints: DigestItem[];
  dueToday: DigestItem[];
  dueTomorrow: DigestItem[];
  /** Personal contact promised (treatment.personalContact), not made, and the outcome near or past. */
  noContact: DigestItem[];
  overdue: DigestItem[];
  waiting: DigestItem[];
  objections: DigestItem[];
  closed: DigestItem[];
  quarantineOpen: number;
  unclassified: number;
  tooOld: number;
  held: number;
  undelivered: DigestItem[];
  learnings: DigestItem[];
  figures: { open: number; ack30: string; ack90: string; answered30: string; answered90: string; medianDaysToOutcome: string };
}

export interface LetterDataMap {
  // To the customer.
  acknowledgement: CustomerLetter & { information: InformationRequest | null };
  'information-request': CustomerLetter & InformationRequest;
  inadmissible: CustomerLetter & { justification: string };
  /**
   * The handler's text split by text/letterFrame.ts: their own salutation and sign-off, when they
   * wrote them, replace ours (null: the letter greets and signs itself).
   */
  'handler-message': CustomerLetter & { body: string; salutation: string | null; closing: string | null; handler: Named };
  /** After a reassignment: `contact` is the new contact person, `previous` the one the customer knew (null: none known). */
  'contact-changed': CustomerLetter & { previous: Named | null };
  outcome: CustomerLetter & {
    verdict: 'founded' | 'partly' | 'unfounded';
    body: string;
    serviceChanges: string | null;
    /** `to`: management's address for objections (`objection.address`); `hearing`: the customer is invited to explain it first. */
    objection: { until: IsoDateTime; to: string; hearing: boolean } | null;
  };
  /**
   * `hearing`: the customer is invited to explain the objection orally (in person or by phone)
   * first. `decisionWithin`: the procedure's period for the written decision, counted from that
   * conversation, or from the objection without one.
   */
  'objection-received': CustomerLetter & { objection: { receivedAt: IsoDateTime; hearing: boolean; decisionWithin: LetterPeriod }; management: Management };
  'hearing-invitation': CustomerLetter & {
    /** `note`: what the manager wrote in the #hearing mail for the customer, null when nothing. */
    hearing: { at: IsoDateTime; mode: 'phone' | 'office' | null; note: string | null };
    management: Management;
    /** The office's visiting address (`office.address`), one entry per line; null when none is configured. */
    address: string[] | null;
    /** The written decision follows within this period after the conversation. */
    decisionWithin: LetterPeriod;
  };
  decision: CustomerLetter & { verdict: 'upheld' | 'partly' | 'rejected'; body: string; management: Management };
  /**
   * `body`: what the handler wrote when closing, null when nothing. `objectionWindow`: set when
   * the complaint closes because the objection period after the outcome ended without an
   * objection (`until`: its last moment); the letter then says so.
   */
  closing: CustomerLetter & { body: string | null; objectionWindow: { until: IsoDateTime } | null };

  // To handlers and managers.
  assignment: InternalMail & {
    complaint: ComplaintDetails;
    customer: { name: string; email: string; phone: string | null };
    deadlines: DeadlineItem[];
    /** Help lines of the commands this tenant's procedure has: possible now, and later (commands/registry.ts `cheatSheet`). */
    cheatSheet: { now: string[]; later: string[] };
  };
  /** `lines` are sentences in the reader's language; `commands` the help lines of what it suggests doing. */
  notice: InternalMail & { complaint: ComplaintDetails; title: string; lines: string[]; deadlines: DeadlineItem[]; commands: string[] };
  'command-reply': InternalMail & { complaint: ComplaintRef | null; ok: boolean; command: string; lines: string[] };
  reminder: InternalMail & {
    complaint: ComplaintRef;
    deadline: { label: string; dueAt: IsoDateTime };
    workingDaysLeft: number;
    next: string;
    commands: string[];
    /** Sent after a threshold was missed; not shown. */
    late: boolean;
  };
  escalation: InternalMail & { complaint: ComplaintRef; deadline: { label: string; dueAt: IsoDateTime }; overdueDays: number; handler: Named | null };
  /**
   * The procedure promises personal contact (treatment.personalContact) and nobody has reached the
   * customer yet. `contactPerson`: the reader is the contact person (false: a manager, the
   * complaint has none). `commands`: the reader's own tags (`#gebeld`, `#antwoord`).
   */
  'contact-reminder': InternalMail & {
    complaint: ComplaintRef;
    customer: { name: string; email: string; phone: string | null };
    contactPerson: boolean;
    outcomeDueAt: IsoDateTime;
    workingDaysLeft: number;
    commands: { called: string; reply: string };
  };
  'forged-command-alert': InternalMail & {
    complaint: ComplaintRef | null;
    attempt: { from: string; subject: string; at: IsoDateTime; reason: string };
    /** Left out (not 0) when no attempt went unmailed since the last alert. */
    notMailed?: { count: number; since: IsoDateTime };
  };
  'objection-notice': InternalMail & { complaint: ComplaintRef; excerpt: string; until: IsoDateTime };
  'bounce-alert': InternalMail & { complaint: ComplaintRef; bounced: { kind: string; to: string; diagnostic: string; subject: string } };
  'auto-reply-hold': InternalMail & { hold: { count: number; limit: number; since: IsoDateTime; tenantId: string } };
  digest: InternalMail & { digest: DigestContent };
  'learnings-report': InternalMail & {
    /** `YYYY-MM`. */
    month: string;
    count: number;
    services: Array<{ service: string; learnings: Array<{ reference: string; body: string }> }>;
  };
  /** A customer's (or a third party's) mail on an existing complaint, forwarded to whoever must read it (workflow/forward.ts). */
  'customer-message': InternalMail & {
    complaint: ComplaintRef;
    customer: { name: string; email: string };
    /** Who wrote; `isCustomer` false for someone else whose mail threads to the complaint (a colleague on CC). */
    from: { name: string; email: string; isCustomer: boolean };
    receivedAt: IsoDateTime;
    /** What the sender newly wrote (signature included), quoted history left out. */
    text: string;
    /** The quoted history below the new text, '' when there is none. */
    quoted: string;
    /** The history was cut to its first part (the whole mail stays stored). */
    quotedShortened: boolean;
    /** The mail's attachments as stored; `size` is written out for the reader ("12,3 kB"); `stored` false: over the cap, only in the raw mail. */
    attachments: Array<{ filename: string | null; contentType: string; size: string; stored: boolean }>;
    /**
     * What the message did to the procedure: `information-complete` / `information-partial` it
     * answered the information request (`missing` still lacking, `deadline` the company deadline
     * that runs again); `objection-suspected` it reads like an objection inside the window (until
     * `until`); `objection` an objection is being handled; `closed` the complaint is closed (since `closedAt`).
     */
    effect: 'none' | 'information-complete' | 'information-partial' | 'objection-suspected' | 'objection' | 'closed';
    missing: MissingItem[];
    deadline: { label: string; dueAt: IsoDateTime } | null;
    until: IsoDateTime | null;
    closedAt: IsoDateTime | null;
    /** The recipient's own command tags, with `#`: `#antwoord` / `#reply`, … */
    commands: { reply: string; note: string; reopen: string; objection: string; noObjection: string };
  };
}

export type LetterName = keyof LetterDataMap;
export type LetterData<K extends LetterName> = LetterDataMap[K];

/** Every shipped letter, for whoever needs to list them (tests, check-config). */
export const LETTER_NAMES = [
  'acknowledgement',
  'information-request',
  'inadmissible',
  'handler-message',
  'contact-changed',
  'outcome',
  'objection-received',
  'hearing-invitation',
  'decision',
  'closing',
  'assignment',
  'notice',
  'command-reply',
  'reminder',
  'escalation',
  'contact-reminder',
  'forged-command-alert',
  'objection-notice',
  'bounce-alert',
  'auto-reply-hold',
  'digest',
  'learnings-report',
  'customer-message',
] as const satisfies readonly LetterName[];

// Every letter of the map is in the list: a letter added to one but not the other is a compile error.
const _allListed: Exclude<LetterName, (typeof LETTER_NAMES)[number]> extends never ? true : never = true;
void _allListed;
