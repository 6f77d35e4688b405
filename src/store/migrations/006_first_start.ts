/**
 * 006: the first start of each mailbox, recorded once and durably. Mail already in a mailbox
 * when the desk first watches it is history (SPEC §3); what counts as "already there" must
 * survive a crash in the middle of archiving it, or a restart would turn the rest into new work.
 * IMAP keeps a UID boundary (UIDNEXT of the first SELECT); a Maildir has no order to lean on, so
 * the file names found at that moment are listed until they have all been handled.
 */
export const sql = /* sql */ `
CREATE TABLE mailbox_starts (
  tenant              TEXT NOT NULL,
  mailbox             TEXT NOT NULL,     -- IMAP folder (as in mailbox_cursors) | Maildir directory
  started_at          TEXT NOT NULL,
  mode                TEXT NOT NULL,     -- archive | process | skip (mailbox.firstStart then)
  history_count       INTEGER NOT NULL,  -- mails already there at that moment
  history_below_uid   INTEGER,           -- IMAP: UIDNEXT of the first SELECT; lower UIDs are history
  uidvalidity         TEXT,              -- IMAP: the UIDVALIDITY that boundary belongs to
  completed_at        TEXT,              -- Maildir: every listed file handled; cur/ is not read again
  PRIMARY KEY (tenant, mailbox)
);

CREATE TABLE mailbox_start_files (
  tenant   TEXT NOT NULL,
  mailbox  TEXT NOT NULL,
  folder   TEXT NOT NULL,                -- new | cur
  name     TEXT NOT NULL,                -- file name as found at the first start
  PRIMARY KEY (tenant, mailbox, folder, name)
);
`;
