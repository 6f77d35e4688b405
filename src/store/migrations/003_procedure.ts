/**
 * 003: the procedure engine's state per complaint (JSON, the engine's ComplaintProcState) and a
 * current-state table of its deadlines, indexed for the reminder scan and the digest.
 */
export const sql = /* sql */ `
ALTER TABLE complaints ADD COLUMN proc_state TEXT;

CREATE TABLE deadlines (
  complaint_id  INTEGER NOT NULL REFERENCES complaints (id),
  tenant        TEXT NOT NULL,
  kind          TEXT NOT NULL,          -- acknowledgement | information | outcome | objection-window | decision
  owner         TEXT NOT NULL,          -- company (reminders apply) | customer (a window the customer has)
  started_at    TEXT NOT NULL,
  due_at        TEXT NOT NULL,
  status        TEXT NOT NULL,          -- open | paused | met | missed | cleared
  paused_at     TEXT,
  resolved_at   TEXT,
  PRIMARY KEY (complaint_id, kind)
);
CREATE INDEX deadlines_open_due ON deadlines (tenant, status, due_at);
CREATE INDEX deadlines_kind_due ON deadlines (kind, status, due_at);
`;
