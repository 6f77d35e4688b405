import type { Person } from '../config/schema.js';
import type { RegisterCommand } from '../commands/types.js';
import { matchService } from '../intake/service.js';
import { isUsableAddress } from '../parse/address.js';
import type { Complaint } from '../store/complaints.js';
import { personActor } from '../store/events.js';
import { detectLanguage } from '../text/language.js';
import { startComplaintRecord } from '../workflow/openComplaint.js';
import { INFO_FIELD_LABELS, listInWords } from '../workflow/labels.js';
import type { CommandMail } from './commandContext.js';

const CHANNEL_WORDS: Record<'phone' | 'contact-person' | 'forwarded', Record<'nl' | 'en', string>> = {
  phone: { nl: 'telefonisch', en: 'by phone' },
  'contact-person': { nl: 'via de contactpersoon', en: 'through the contact person' },
  forwarded: { nl: 'doorgestuurd', en: 'forwarded' },
};

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
): { ok: true; complaint: Complaint; lines: string[] } | { ok: false; lines: string[]; log: string[] } {
  const { tenant, now } = m;
  const { cfg } = tenant;
  const nl = tenant.people.languageOf(person) === 'nl';
  const refuse = (nlText: string, enText: string) => ({ ok: false as const, lines: [nl ? nlText : enText], log: [enText] });
  const fwd = forwardedSender(m.quoted);
  const email = cmd.customer.email ?? fwd?.email ?? null;
  if (email && !isUsableAddress(email))
    return refuse(`${cmd.typed}: "${email}" is geen bruikbaar e-mailadres.`, `${cmd.typed}: "${email}" is not a usable e-mail address.`);
  const name = cmd.customer.name ?? fwd?.name ?? null;
  const description = (cmd.description || m.quoted).trim();
  if (!email && !cmd.customer.phone)
    return refuse(
      `${cmd.typed}: geef de contactgegevens van de klant in de e-mail (E-mail: … of Telefoon: …), of stuur de e-mail van de klant door.`,
      `${cmd.typed}: give the customer's contact details in the body (E-mail: … or Phone: …), or forward the customer's mail.`,
    );
  const service = cmd.service ? (matchService(cmd.service, cfg.services) ?? null) : matchService(description, cfg.services);
  if (cmd.service && !service)
    return refuse(
      `${cmd.typed}: "${cmd.service}" staat niet in de dienstencatalogus. Kies uit: ${cfg.services.map((s) => s.name).join(', ')}.`,
      `${cmd.typed}: "${cmd.service}" is not in the service catalogue. Choose one of: ${cfg.services.map((s) => s.name).join(', ')}.`,
    );

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
    // A date without a time: that day, and the letters say the day only (no invented hour).
    receivedAt: cmd.date ? tenant.calendar.atLocalTime(cmd.date, 0, 0) : now,
    receivedDateOnly: cmd.date !== null,
    actor: personActor(person.id),
    meta: { via: 'register', channel, registeredBy: person.id },
  });
  const customer = `${name ? `${name} ` : ''}<${email ?? cmd.customer.phone}>`;
  const how = CHANNEL_WORDS[channel][nl ? 'nl' : 'en'];
  const lang = nl ? 'nl' : 'en';
  const lines = [
    nl
      ? `Klacht ${complaint.reference} is geregistreerd voor ${customer} (${how}). Contactpersoon: ${handler?.name ?? 'nog niet toegewezen'}.`
      : `Complaint ${complaint.reference} is registered for ${customer} (${how}). Contact person: ${handler?.name ?? 'not yet assigned'}.`,
  ];
  if (!email) lines.push(nl ? 'Er is geen e-mailadres: bevestig de ontvangst telefonisch.' : 'There is no e-mail address: acknowledge the complaint by phone.');
  if (missing.length) {
    const what = listInWords(
      missing.map((f) => INFO_FIELD_LABELS[f][lang]),
      lang,
    );
    const asked = email ? (nl ? '; de klant wordt erom gevraagd' : '; the customer is asked for it') : '';
    lines.push(nl ? `Nog niet bekend: ${what}${asked}.` : `Not yet known: ${what}${asked}.`);
  }
  return { ok: true, complaint, lines };
}
