/**
 * 011: the scheduled jobs read only what their window can reach (issue 14.3, 100,000
 * complaints). The digest lists complaints closed or created since the last digest and the open
 * ones in a few states, counts on-time figures over the deadlines settled in the last 90 days (an
 * index on the settlement instant, coalesce(resolved_at, due_at), that holds every column the
 * count reads) and quotes learnings since the last digest (events are the whole history: a
 * partial index keeps only the learnings). The reminders and escalations read open company
 * deadlines by due instant through deadlines_open_due (003).
 */
export const sql = /* sql */ `
CREATE INDEX complaints_closed_at ON complaints (tenant, closed_at);
CREATE INDEX complaints_created_at ON complaints (tenant, created_at);
CREATE INDEX complaints_open_state ON complaints (tenant, state) WHERE closed_at IS NULL;
CREATE INDEX deadlines_settled ON deadlines (tenant, coalesce(resolved_at, due_at), kind, status, due_at, resolved_at)
  WHERE kind IN ('acknowledgement', 'outcome') AND status IN ('met', 'missed', 'open');
CREATE INDEX events_learnings ON events (tenant, at) WHERE type = 'procedure:learning-recorded';
`;
