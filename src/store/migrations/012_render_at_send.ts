/**
 * 012: an automatic letter queued while its tenant's mailbox catches up on a backlog is rendered
 * when it is sent (issue 14.1): the row holds its template, language and data (`render`) and
 * `unrendered = 1`, with an empty subject and text, until the sender writes them in and sends it.
 */
export const sql = /* sql */ `
ALTER TABLE outbox ADD COLUMN unrendered INTEGER NOT NULL DEFAULT 0;
`;
