/**
 * 008: a complaint registered with only a date (`#registreer` with `Datum:` and no time) knows the
 * day it was received, not the hour. Letters then print the date only instead of an invented time.
 */
export const sql = `
ALTER TABLE complaints ADD COLUMN received_date_only INTEGER NOT NULL DEFAULT 0;
`;
