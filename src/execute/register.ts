import type { Person } from '../config/schema.js';
import type { RegisterCommand } from '../commands/types.js';
import { matchService } from '../intake/service.js';
import { isUsableAddress } from '../parse/address.js';
import type { Complaint } from '../store/complaints.js';
import { personActor } from '../store/events.js';
import { detectLanguage } from '../text/language.js';
import { startComplaintRecord } from '../workflow/openComplaint.js';
import type { CommandMail } from './commandContext.js';

/** The sender of a forwarded mail, from the quoted header block ("From:" / "Van:"). */
function forwardedSender(quoted: string): { name: string | null; email: string } | null {
  const m = /^\s*[*>]*\s*(?:From|Van)\s*:\s*\**\s*(?:"?([^"<\n]*?)"?\s*)?<?([^\s<>"]+@[^\s<>"]+)>?\s*$/im.exec(quoted);
  return m ? { name: m[1]?.trim() || null, email: m[2]!.toLowerCase() } : null;
}

/**
 * `#register`: a complaint received by phone, via the contact person, or forwarded from the
 * general mailbox. The customer gets the acknowledgement as if they had written.
 */
export function registerComplaint(
  m: CommandMail,
  person: Person,
  cmd: RegisterCommand,
): { ok: true; complaint: Complaint; lines: string[] } | { ok: false; lines: string[] } {
  const { tenant, now } = m;
  const { cfg } = tenant;
  const fwd = forwardedSender(m.quoted);
  const email = cmd.customer.email ?? fwd?.email ?? null;
  if (email && !isUsableAddress(email)) return { ok: false, lines: [`#register: "${email}" is not a usable e-mail address`] };
  const name = cmd.customer.name ?? fwd?.name ?? null;
  const description = (cmd.description || m.quoted).trim();
  if (!email && !cmd.customer.phone)
    return { ok: false, lines: ["#register: give the customer's contact details (E-mail: … or Telefoon: …) in the body, or forward the customer's mail"] };
  const service = cmd.service ? (matchService(cmd.service, cfg.services) ?? null) : matchService(description, cfg.services);
  if (cmd.service && !service)
    return { ok: false, lines: [`#register: "${cmd.service}" is not in the service catalogue; choose one of: ${cfg.services.map((s) => s.name).join(', ')}`] };

  const channel = cmd.channel ?? (fwd ? 'forwarded' : 'phone');
  const { complaint, handler, missing } = startComplaintRecord(m, {
    channel,
    customerEmail: email,
    customerName: name,
    customerPhone: cmd.customer.phone,
    language: detectLanguage(description, cfg.language),
    subject: description.split('\n')[0]!.slice(0, 120) || `${channel} complaint`,
    description,
    service,
    receivedAt: cmd.date ? tenant.calendar.atLocalTime(cmd.date, 12, 0) : now,
    actor: personActor(person.id),
    meta: { via: 'register', channel, registeredBy: person.id },
  });
  const lines = [
    `registered ${complaint.reference} for ${name ?? ''} <${email ?? cmd.customer.phone}> (${channel}), contact person ${handler?.name ?? 'not yet assigned'}`,
  ];
  if (!email) lines.push('no e-mail address: acknowledge the customer by phone');
  if (missing.length) lines.push(`missing information: ${missing.join(', ')}`);
  return { ok: true, complaint, lines };
}
