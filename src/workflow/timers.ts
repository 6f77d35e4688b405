import type { TenantRuntime } from '../ingest/tenant.js';
import { complaintById } from '../store/complaints.js';
import type { Db } from '../store/db.js';
import { deadlinesPassed } from '../store/deadlines.js';
import { applyEvent } from './apply.js';

/**
 * Procedure timers: events that happen because time passed, not because someone wrote. Today
 * one: the objection window ended without an objection (PreAct: closed automatically). Each
 * complaint in its own transaction; safe to run as often as wanted (a fired timer's deadline
 * is no longer open).
 */
export function runTimers(db: Db, tenant: TenantRuntime, secret: string, now: Date): number {
  let fired = 0;
  for (const id of deadlinesPassed(db, tenant.cfg.id, 'objection-window', now)) {
    db.transaction(() => {
      const c = complaintById(db, id);
      if (!c) return;
      const r = applyEvent({ db, tenant, secret, now }, c, { type: 'objection-window-ended' }, 'system');
      if (r.ok) fired++;
    }).immediate();
  }
  return fired;
}
