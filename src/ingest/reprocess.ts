import type { Clock } from '../core/clock.js';
import type { Db } from '../store/db.js';
import { quarantineList, quarantineRaw, quarantineResolve } from '../store/quarantine.js';
import type { Ingest, IngestResult } from './ingest.js';

export type ReprocessResult = IngestResult | { kind: 'error'; message: string };

/**
 * Run a quarantined mail through the pipeline again (after a fix or with raised limits). It keeps
 * its original identity, so a second failure updates the same quarantine entry, and it does not
 * move any mailbox cursor (the mailbox had already moved past it).
 */
export async function reprocessQuarantined(db: Db, ingest: Ingest, id: number, clock: Clock): Promise<ReprocessResult> {
  const entry = quarantineList(db).find((q) => q.id === id);
  if (!entry) return { kind: 'error', message: `no quarantine entry #${id}` };
  if (entry.status !== 'open') return { kind: 'error', message: `quarantine entry #${id} was already reprocessed` };
  const raw = quarantineRaw(db, id);
  if (!raw) {
    return {
      kind: 'error',
      message: `#${id} was not downloaded (${entry.reason}: ${entry.detail}); raise limits.maxMessageBytes and fetch UID ${entry.uid ?? '?'} of ${entry.mailbox} again`,
    };
  }
  const r = await ingest.process({
    origin: { tenant: entry.tenant, sourceKey: entry.sourceKey, mailbox: entry.mailbox, uidvalidity: null, uid: null },
    size: raw.length,
    raw,
    receivedAt: new Date(entry.createdAt),
  });
  if (r.kind !== 'quarantined') quarantineResolve(db, id, clock.now());
  return r;
}
