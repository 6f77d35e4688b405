import { complaintById } from '../store/complaints.js';
import { deadlinesPassed } from '../store/deadlines.js';
import { SYSTEM } from '../store/events.js';
import type { Moment } from '../tenant/context.js';
import { applyEvent } from './apply.js';

/**
 * Procedure timers: events that happen because time passed, not because someone wrote. Today
 * one: the objection window ended (PreAct: closed automatically without an objection; held open
 * while a customer's mail that may be an objection waits for management's #bezwaar / #geenbezwaar).
 * Each complaint in its own transaction; safe to run as often as wanted (a fired timer's
 * deadline is no longer open).
 */
export function runTimers(m: Moment): number {
  const { db } = m.tenant;
  let fired = 0;
  for (const id of deadlinesPassed(db, m.tenant.id, 'objection-window', m.now)) {
    db.transaction(() => {
      const c = complaintById(db, id);
      if (!c) return;
      const r = applyEvent(m, c, { type: 'objection-window-ended' }, SYSTEM);
      if (r.ok) fired++;
    }).immediate();
  }
  return fired;
}
