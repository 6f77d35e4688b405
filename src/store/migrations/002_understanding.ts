/**
 * 002: what the pipeline learns about a mail (new text, triage, guard verdicts, Outlook
 * conversation) and its attachments; bounce state on outgoing mail; the per-sender auto-reply
 * ledger that keeps two robots from ping-ponging.
 */
export const sql = /* sql */ `
ALTER TABLE inbound_messages ADD COLUMN new_text TEXT;
ALTER TABLE inbound_messages ADD COLUMN language TEXT;
ALTER TABLE inbound_messages ADD COLUMN thread_guid TEXT;       -- Outlook Thread-Index conversation GUID
ALTER TABLE inbound_messages ADD COLUMN triage_label TEXT;      -- complaint | not_complaint | unsure (classify tenants)
ALTER TABLE inbound_messages ADD COLUMN triage_score REAL;
ALTER TABLE inbound_messages ADD COLUMN triage_rules TEXT;      -- JSON: the rules that fired
CREATE INDEX inbound_thread_guid ON inbound_messages (tenant, thread_guid);
CREATE INDEX inbound_disposition ON inbound_messages (tenant, disposition);

CREATE TABLE attachments (
  id            INTEGER PRIMARY KEY,
  inbound_id    INTEGER NOT NULL REFERENCES inbound_messages (id),
  filename      TEXT,
  content_type  TEXT NOT NULL,
  size          INTEGER NOT NULL,
  content       BLOB,                 -- NULL when over the per-attachment cap (the raw mail still has it)
  note          TEXT
);
CREATE INDEX attachments_inbound ON attachments (inbound_id);

ALTER TABLE outbox ADD COLUMN bounced_at TEXT;
ALTER TABLE outbox ADD COLUMN bounce_detail TEXT;

CREATE TABLE auto_replies (
  tenant      TEXT NOT NULL,
  address     TEXT NOT NULL,
  last_at     TEXT NOT NULL,
  PRIMARY KEY (tenant, address)
);
`;
