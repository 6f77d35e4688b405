import type { CommandDef, IntakeChannel, RegisterFields } from '../types.js';
import { DATE_FORMATS, invalid, lookupChoice, noArgs, orList, parseDate, phraseOf, type ChoiceTable } from './shared.js';

const aliases = { en: 'register', nl: 'registreer' } as const;

export const INTAKE_CHANNELS: ChoiceTable<IntakeChannel> = {
  phrases: {
    phone: 'phone',
    telephone: 'phone',
    'by phone': 'phone',
    telefoon: 'phone',
    telefonisch: 'phone',
    'contact person': 'contact-person',
    'contact-person': 'contact-person',
    contactperson: 'contact-person',
    'via contact person': 'contact-person',
    'in person': 'contact-person',
    contactpersoon: 'contact-person',
    'via contactpersoon': 'contact-person',
    'via de contactpersoon': 'contact-person',
    persoonlijk: 'contact-person',
    forwarded: 'forwarded',
    doorgestuurd: 'forwarded',
  },
  shown: { en: ['phone', 'contact person', 'forwarded'], nl: ['telefoon', 'contactpersoon', 'doorgestuurd'] },
};

type FieldKey = 'name' | 'email' | 'phone' | 'service' | 'channel' | 'date' | 'description';

const LABELS: Readonly<Record<string, FieldKey>> = {
  naam: 'name',
  name: 'name',
  'e-mail': 'email',
  email: 'email',
  telefoon: 'phone',
  telefoonnummer: 'phone',
  tel: 'phone',
  phone: 'phone',
  dienst: 'service',
  service: 'service',
  kanaal: 'channel',
  channel: 'channel',
  datum: 'date',
  date: 'date',
  // Optional: people write "Omschrijving: …" although unlabelled lines are the description anyway.
  omschrijving: 'description',
  beschrijving: 'description',
  description: 'description',
};

/** `Naam: …`, also as a list item (`- Naam: …`) since mail clients turn pasted lists into those. */
const FIELD_LINE = /^\s*(?:[-*•]\s*)?([\p{L}-]+)\s*:\s*(.*)$/u;
const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]{2,}$/u;

/**
 * Registers a complaint received by phone, via the customer's contact person, or forwarded
 * from the general mailbox (§1 PuraSec, §4 triage). Each recognised field is read once (the
 * first occurrence); every other line is the description. Missing fields stay null: the
 * workflow asks for what is missing, as for a mailed complaint.
 */
export const register: CommandDef<'register'> = {
  name: 'register',
  aliases,
  role: 'any',
  body: 'required',
  usage: { en: '', nl: '' },
  summary: {
    en: 'register a complaint received by phone, via a contact person or forwarded (body: lines Name:, E-mail:, Phone:, Service:, Channel:, Date:, then the description)',
    nl: 'registreer een klacht die telefonisch, via een contactpersoon of doorgestuurd binnenkwam (tekst: regels Naam:, E-mail:, Telefoon:, Dienst:, Kanaal:, Datum:, daarna de omschrijving)',
  },
  bodyHint: 'the customer contact, service and description',
  parseArgs: noArgs,
  parseBody(body, lang) {
    const tag = `#${aliases[lang]}`;
    const found = new Map<FieldKey, string>();
    const description: string[] = [];
    for (const line of body.split('\n')) {
      const match = FIELD_LINE.exec(line);
      const key = match ? LABELS[(match[1] ?? '').toLowerCase()] : undefined;
      const value = (match?.[2] ?? '').trim();
      if (key === 'description') description.push(value);
      else if (key !== undefined && !found.get(key)) found.set(key, value);
      else description.push(line);
    }

    let email = found.get('email') || null;
    if (email !== null) {
      // "Jan Jansen <jan@example.nl>" and "mailto:jan@example.nl" as pasted from a mail client.
      email = (/<([^>]*)>/u.exec(email)?.[1] ?? email)
        .replace(/^mailto:/iu, '')
        .trim()
        .toLowerCase();
      if (!EMAIL.test(email)) {
        return invalid(`${tag}: "${email}" is not a valid e-mail address`, ['name@example.nl']);
      }
    }

    let date: string | null = null;
    const dateText = found.get('date') || null;
    if (dateText !== null) {
      const parsed = parseDate(dateText);
      if (parsed.kind !== 'ok') {
        return invalid(`${tag}: "${dateText}" is not a valid date; use ${orList(DATE_FORMATS)}`, DATE_FORMATS);
      }
      date = parsed.iso;
    }

    let channel: IntakeChannel | null = null;
    const channelText = found.get('channel') || null;
    if (channelText !== null) {
      channel = lookupChoice(phraseOf([channelText]), INTAKE_CHANNELS);
      if (channel === null) {
        const shown = INTAKE_CHANNELS.shown[lang];
        return invalid(`${tag}: channel "${channelText}" is not one of: ${shown.join(', ')}`, shown);
      }
    }

    const fields: RegisterFields = {
      customer: {
        name: found.get('name') || null,
        email,
        phone: found.get('phone') || null,
      },
      service: found.get('service') || null,
      channel,
      date,
      description: description.join('\n').trim(),
    };
    return { ok: true, args: fields };
  },
  means: 'register-complaint',
};
