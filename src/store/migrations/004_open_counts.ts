/**
 * 004: assignment counts open complaints per handler for every new complaint; a partial index
 * keeps that independent of how many closed complaints the store holds.
 */
export const sql = /* sql */ `
CREATE INDEX complaints_open_by_handler ON complaints (tenant, handler_id) WHERE closed_at IS NULL;
`;
