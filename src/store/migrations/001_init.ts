/**
 * 001: the walking skeleton's tables. Every inbound mail keeps its raw source and where it came
 * from; `events` is the append-only history (triggers refuse UPDATE and DELETE).
 */
export const sql = /* sql */ `
CREATE TABLE mailbox_cursors (
  tenant        TEXT NOT NULL,
  mailbox       TEXT NOT NULL,
  uidvalidity   TEXT NOT NULL,          -- BigInt from imapflow, kept as text
  last_uid      INTEGER NOT NULL,
  updated_at    TEXT NOT NULL,
  PRIMARY KEY (tenant, mailbox)
);

CREATE TABLE complaints (
  id              INTEGER PRIMARY KEY,
  tenant          TEXT NOT NULL,
  reference       TEXT NOT NULL UNIQUE,
  year            INTEGER NOT NULL,
  seq             INTEGER NOT NULL,
  state           TEXT NOT NULL,
  channel         TEXT NOT NULL,        -- email | phone | contact-person | forwarded
  customer_email  TEXT,
  customer_name   TEXT,
  customer_phone  TEXT,
  language        TEXT NOT NULL,
  subject         TEXT NOT NULL,
  description     TEXT NOT NULL,
  service         TEXT,
  handler_id      TEXT,
  received_at     TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  closed_at       TEXT,
  UNIQUE (tenant, year, seq)
);
CREATE INDEX complaints_tenant_state ON complaints (tenant, state);
CREATE INDEX complaints_handler ON complaints (tenant, handler_id, state);

CREATE TABLE reference_sequences (
  tenant    TEXT NOT NULL,
  year      INTEGER NOT NULL,
  last_seq  INTEGER NOT NULL,
  PRIMARY KEY (tenant, year)
);

CREATE TABLE inbound_messages (
  id            INTEGER PRIMARY KEY,
  tenant        TEXT NOT NULL,
  source_key    TEXT NOT NULL,          -- imap:<folder>:<uidvalidity>:<uid> | maildir:<unique name>
  mailbox       TEXT NOT NULL,
  uidvalidity   TEXT,
  uid           INTEGER,
  message_id    TEXT,
  size          INTEGER NOT NULL,
  raw           BLOB NOT NULL,
  from_address  TEXT,
  from_name     TEXT,
  subject       TEXT,
  text          TEXT,
  sent_date     TEXT,
  received_at   TEXT NOT NULL,
  complaint_id  INTEGER REFERENCES complaints (id),
  disposition   TEXT NOT NULL,          -- new-complaint | attached | duplicate | automatic | ...
  detail        TEXT,
  UNIQUE (tenant, source_key)
);
CREATE INDEX inbound_message_id ON inbound_messages (tenant, message_id);
CREATE INDEX inbound_complaint ON inbound_messages (complaint_id);

CREATE TABLE events (
  id            INTEGER PRIMARY KEY,
  tenant        TEXT NOT NULL,
  complaint_id  INTEGER REFERENCES complaints (id),
  at            TEXT NOT NULL,
  type          TEXT NOT NULL,
  actor         TEXT NOT NULL,          -- system | customer | person:<id>
  data          TEXT NOT NULL           -- JSON
);
CREATE INDEX events_complaint ON events (complaint_id, id);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

CREATE TABLE outbox (
  id                  INTEGER PRIMARY KEY,
  tenant              TEXT NOT NULL,
  complaint_id        INTEGER REFERENCES complaints (id),
  kind                TEXT NOT NULL,    -- letter or internal mail name, e.g. acknowledgement
  message_id          TEXT NOT NULL UNIQUE,
  from_address        TEXT NOT NULL,
  from_name           TEXT NOT NULL,
  to_address          TEXT NOT NULL,
  to_name             TEXT,
  subject             TEXT NOT NULL,
  text                TEXT NOT NULL,
  html                TEXT,
  in_reply_to         TEXT,
  references_ids      TEXT,             -- space-separated, without <>
  auto_submitted      TEXT,             -- auto-replied | auto-generated | NULL (a person's message)
  status              TEXT NOT NULL,    -- pending | sending | sent | failed
  attempts            INTEGER NOT NULL DEFAULT 0,
  next_attempt_at     TEXT NOT NULL,
  last_error          TEXT,
  last_response_code  INTEGER,
  created_at          TEXT NOT NULL,
  sent_at             TEXT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_complaint ON outbox (complaint_id);

CREATE TABLE quarantine (
  id              INTEGER PRIMARY KEY,
  tenant          TEXT NOT NULL,
  source_key      TEXT NOT NULL,
  mailbox         TEXT NOT NULL,
  uidvalidity     TEXT,
  uid             INTEGER,
  size            INTEGER NOT NULL,
  raw             BLOB,                 -- NULL when too large to download; then fetch by uid
  reason          TEXT NOT NULL,
  detail          TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  status          TEXT NOT NULL DEFAULT 'open',   -- open | reprocessed
  resolved_at     TEXT,
  UNIQUE (tenant, source_key)
);
`;
