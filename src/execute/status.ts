import { formatLongDate } from '../calendar/format.js';
import { allowedCommands } from '../procedure/machine.js';
import { STATE_DESCRIPTIONS } from '../procedure/phase.js';
import type { ComplaintProcState } from '../procedure/types.js';
import type { Complaint } from '../store/complaints.js';
import { actorCode, eventFamily, eventsForComplaint } from '../store/events.js';
import type { Moment } from '../tenant/context.js';
import { DEADLINE_LABELS } from '../workflow/labels.js';

/** The history a #status shows besides sent letters: procedure steps and mail received. */
const STATUS_FAMILIES = new Set(['procedure', 'mail']);

/** `#status`: where the complaint stands, its deadlines, what can be done now and its recent history. */
export function statusLines({ tenant }: Moment, c: Complaint, state: ComplaintProcState | null): string[] {
  const tz = tenant.cfg.timezone;
  const handler = tenant.people.byId(c.handlerId);
  const lines = [
    `${c.reference}: ${state ? STATE_DESCRIPTIONS[state.state] : c.state}`,
    `customer: ${c.customerName ?? ''} <${c.customerEmail ?? '-'}>${c.customerPhone ? ` ${c.customerPhone}` : ''}`,
    `contact person: ${handler ? `${handler.name} (${handler.id})` : 'none assigned'}`,
    `service: ${c.service ?? 'unknown'}`,
  ];
  for (const d of Object.values(state?.deadlines ?? {})) {
    if (!d) continue;
    lines.push(`deadline ${DEADLINE_LABELS[d.kind].en}: ${formatLongDate(new Date(d.dueAt), 'en', tz)} — ${d.status}`);
  }
  if (state)
    lines.push(
      `possible now: ${allowedCommands(state, tenant.cfg.procedure)
        .map((x) => `#${x}`)
        .join(' ')}`,
    );
  const recent = eventsForComplaint(tenant.db, c.id).filter((e) => e.type === 'letter:sent' || STATUS_FAMILIES.has(eventFamily(e.type)));
  for (const e of recent.slice(-10)) lines.push(`${e.at.slice(0, 16).replace('T', ' ')} ${e.type} by ${actorCode(e.actor)}`);
  return lines;
}
