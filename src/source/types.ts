import type { ParseOutcome } from '../parse/parse.js';
import type { MailOrigin } from '../store/inbound.js';

/** One mail as a source hands it over. `raw` is null when it was too large to download. */
export interface SourceMail {
  origin: MailOrigin;
  size: number;
  raw: Buffer | null;
  /** When the mailbox received it (IMAP INTERNALDATE, Maildir file mtime). */
  receivedAt: Date;
  /**
   * The mail was already in the mailbox when the desk first watched it and the tenant's
   * `mailbox.firstStart` is `archive`: store it as history — threadable, no complaint, no letter.
   */
  history?: boolean;
}

/**
 * What a source does with each mail: store it (processed or quarantined) durably, advancing the
 * source's cursor in the same transaction. Only after this resolves may the source acknowledge
 * the mail (move a Maildir file, advance past a UID).
 */
export interface MailHandler {
  handle(mail: SourceMail, parsed?: Promise<ParseOutcome>): Promise<void>;
  /**
   * Several mails in mailbox order, stored in one transaction (each with its cursor advance, in a
   * savepoint of its own): one commit for the group. Resolves once all are durable.
   */
  handleMany(items: ReadonlyArray<{ mail: SourceMail; parsed?: Promise<ParseOutcome> | undefined }>): Promise<void>;
  /**
   * Start parsing a mail ahead of its turn. Sources that read several mails at once call this
   * for the next ones while the current one is stored, so parsing (a worker thread) and storing
   * (the main thread) overlap; storing still happens strictly in mailbox order.
   */
  prepare(raw: Buffer): Promise<ParseOutcome>;
}

export interface MailSource {
  readonly name: string;
  /**
   * Handing over a backlog: more mail waits in this pass than one stored group. The tenant's
   * sender holds its letters meanwhile (see OutboxSender's `holdWhile`), so storing the backlog and
   * other tenants' mail do not queue behind sending it.
   */
  readonly catchingUp: boolean;
  /** Start watching; resolves once the first catch-up pass has been scheduled. */
  start(): Promise<void>;
  /** Stop after the mail in hand is stored. */
  stop(): Promise<void>;
  /**
   * Hand over everything waiting at the time of the call (mail already being handled included),
   * then resolve (the demo, tests, CLI one-shot runs). A pass that was already under way when it
   * was called does not count: it may have looked before the last mail arrived.
   */
  drain(): Promise<void>;
}
