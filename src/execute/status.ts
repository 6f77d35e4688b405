import type { ComplaintProcState, ProcStateName } from '../procedure/types.js';
import { allowedCommands } from '../procedure/machine.js';
import type { Complaint } from '../store/complaints.js';
import { eventFamily, eventsForComplaint } from '../store/events.js';
import type { Moment } from '../tenant/context.js';
import type { Language } from '../text/language.js';
import { STATE_LABELS } from '../workflow/labels.js';
import { deadlineStatusText, historyText, possibleNowText } from './replyText.js';

/** The history a #status shows besides sent letters: procedure steps and mail received. */
const STATUS_FAMILIES = new Set(['procedure', 'mail']);

/** `#status`: where the complaint stands, its deadlines, what can be done now and its recent history, in the reader's language. */
export function statusLines({ tenant, now }: Moment, c: Complaint, state: ComplaintProcState | null, lang: Language): string[] {
  const nl = lang === 'nl';
  const handler = tenant.people.byId(state?.handlerId ?? c.handlerId);
  const customer = [c.customerName, c.customerEmail ? `<${c.customerEmail}>` : null, c.customerPhone].filter(Boolean).join(' ');
  const service = state?.service ?? c.service;
  const lines = [
    `${c.reference}: ${nl ? 'de klacht' : 'the complaint'} ${STATE_LABELS[(state?.state ?? c.state) as ProcStateName]?.[lang] ?? c.state}.`,
    `${nl ? 'Klant' : 'Customer'}: ${customer || (nl ? 'onbekend' : 'unknown')}.`,
    `${nl ? 'Contactpersoon' : 'Contact person'}: ${handler ? handler.name : nl ? 'nog niemand toegewezen' : 'nobody assigned yet'}.`,
    `${nl ? 'Dienst' : 'Service'}: ${service ?? (nl ? 'nog niet bekend' : 'not yet known')}.`,
  ];
  for (const d of Object.values(state?.deadlines ?? {})) {
    if (d) lines.push(deadlineStatusText(d.kind, d.dueAt, d.status, tenant, now, lang));
  }
  const possible = state ? possibleNowText(allowedCommands(state, tenant.cfg.procedure), lang) : null;
  if (possible) lines.push(possible);
  const recent = eventsForComplaint(tenant.db, c.id)
    .filter((e) => e.type === 'letter:sent' || STATUS_FAMILIES.has(eventFamily(e.type)))
    .flatMap((e) => historyText(e, tenant, now, lang) ?? []);
  if (recent.length > 0) lines.push(`${nl ? 'Laatste stappen' : 'Recent steps'}:`, ...recent.slice(-10));
  return lines;
}
