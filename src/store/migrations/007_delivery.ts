/**
 * 007: automatic letters are bounded and deadlines wait for delivery (issue 9).
 * - outbox.status gains `held` (the tenant's circuit breaker tripped: waits for a person) and
 *   `cancelled` (collapsed into a later letter to the same sender, or moot: the complaint closed).
 * - outbox.hold_reason says why a letter waits or was cancelled.
 * - outbox.deliveries: JSON [{complaintId, letter}] — what the mail server's acceptance of this
 *   mail settles (`letter-accepted`), also for the complaints a collapsed letter covers.
 * - outbox.render: JSON {template, lang, data} of automatic letters, so a collapse can re-render
 *   the surviving letter with the others listed.
 * - auto_reply_breaker: one row per tenant while its breaker is tripped.
 */
export const sql = /* sql */ `
ALTER TABLE outbox ADD COLUMN hold_reason TEXT;
ALTER TABLE outbox ADD COLUMN deliveries TEXT;
ALTER TABLE outbox ADD COLUMN render TEXT;
CREATE INDEX outbox_auto_recipient ON outbox (tenant, to_address, status) WHERE auto_submitted = 'auto-replied';
CREATE INDEX outbox_auto_created ON outbox (tenant, created_at) WHERE auto_submitted = 'auto-replied';

CREATE TABLE auto_reply_breaker (
  tenant        TEXT PRIMARY KEY,
  tripped_at    TEXT NOT NULL,
  count         INTEGER NOT NULL       -- automatic letters in the hour that tripped it
);
`;
