import type { TenantRuntime } from '../ingest/tenant.js';
import { formatLongDate } from '../calendar/format.js';
import { allowedCommands } from '../procedure/machine.js';
import { STATE_DESCRIPTIONS } from '../procedure/phase.js';
import type { ComplaintProcState, DeadlineKind } from '../procedure/types.js';
import type { Complaint } from '../store/complaints.js';
import type { Db } from '../store/db.js';
import { eventsForComplaint } from '../store/events.js';
import { DEADLINE_LABELS } from '../workflow/labels.js';

/** `#status`: where the complaint stands, its deadlines, what can be done now and its recent history. */
export function statusLines(db: Db, tenant: TenantRuntime, c: Complaint, state: ComplaintProcState | null): string[] {
  const tz = tenant.cfg.timezone;
  const handler = tenant.cfg.people.find((p) => p.id === c.handlerId);
  const lines = [
    `${c.reference}: ${state ? STATE_DESCRIPTIONS[state.state] : c.state}`,
    `customer: ${c.customerName ?? ''} <${c.customerEmail ?? '-'}>${c.customerPhone ? ` ${c.customerPhone}` : ''}`,
    `contact person: ${handler ? `${handler.name} (${handler.id})` : 'none assigned'}`,
    `service: ${c.service ?? 'unknown'}`,
  ];
  for (const d of Object.values(state?.deadlines ?? {})) {
    if (!d) continue;
    lines.push(`deadline ${DEADLINE_LABELS[d.kind as DeadlineKind].en}: ${formatLongDate(new Date(d.dueAt), 'en', tz)} — ${d.status}`);
  }
  if (state) lines.push(`possible now: ${allowedCommands(state, tenant.cfg.procedure).map((x) => `#${x}`).join(' ')}`);
  const recent = eventsForComplaint(db, c.id).filter((e) => e.type.startsWith('procedure:') || e.type.startsWith('letter:sent') || e.type.startsWith('mail:'));
  for (const e of recent.slice(-10)) lines.push(`${e.at.slice(0, 16).replace('T', ' ')} ${e.type} by ${e.actor}`);
  return lines;
}
