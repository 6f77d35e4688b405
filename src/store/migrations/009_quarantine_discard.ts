/**
 * 009: an operator can set a quarantined mail aside (`quarantine discard ID`): status 'discarded',
 * resolved_at the moment, and resolved_by who did it. The raw mail stays until retention.
 */
export const sql = `
ALTER TABLE quarantine ADD COLUMN resolved_by TEXT;
`;
