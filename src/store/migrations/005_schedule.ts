/**
 * 005: scheduled notices (reminders, escalations, digests) are recorded under a unique key in
 * the same transaction as their outbox mail, so restarts, overlapping runs or a second daemon
 * never send one twice. `skipped-late` marks thresholds passed over during catch-up: they must
 * never go out later either.
 */
export const sql = /* sql */ `
CREATE TABLE sent_notices (
  key           TEXT PRIMARY KEY,       -- reminder:<complaintId>:<kind>:<dueAt>:<threshold> | escalation:<complaintId>:<kind>:<localDate> | digest:<tenant>:<localDate> | ...
  tenant        TEXT NOT NULL,
  kind          TEXT NOT NULL,          -- reminder | escalation | digest | learnings
  complaint_id  INTEGER REFERENCES complaints (id),
  status        TEXT NOT NULL,          -- sent | skipped-late
  at            TEXT NOT NULL
);
CREATE INDEX sent_notices_kind_at ON sent_notices (tenant, kind, at);
`;
