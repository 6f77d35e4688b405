/**
 * What command replies and #status say, as sentences in the reader's language. The parser's and
 * the engine's English `message`s stay for the logs and the history; people read these, built
 * from the error codes and the facts they carry.
 */
import { formatDateTime, formatDeadline, formatLongDate } from '../calendar/format.js';
import { commandDef, lookupCommand } from '../commands/registry.js';
import type { CommandError, CommandName, ParsedCommand } from '../commands/types.js';
import type { Person } from '../config/schema.js';
import type { ComplaintProcState, DeadlineStatus, InfoField, ProcErrorCode, ProcEventType } from '../procedure/types.js';
import type { EventRow } from '../store/events.js';
import type { TenantContext } from '../tenant/context.js';
import type { Language } from '../text/language.js';
import { DEADLINE_LABELS, INFO_FIELD_LABELS, LETTER_LABELS, listInWords, STATE_LABELS } from '../workflow/labels.js';

type Nl = Language;
const t = (lang: Nl, nl: string, en: string) => (lang === 'nl' ? nl : en);

/** `#alias` of a command in the reader's language. */
export const tagOf = (name: CommandName, lang: Nl) => `#${commandDef(name).aliases[lang]}`;

/** "#notitie, #antwoord en #status". */
export function tagList(names: readonly string[], lang: Nl): string {
  return listInWords(
    names.map((n) => tagOf(n as CommandName, lang)),
    lang,
  );
}

/** "De klacht is in behandeling." */
export const stateSentence = (state: ComplaintProcState['state'], lang: Nl) => `${t(lang, 'De klacht', 'The complaint')} ${STATE_LABELS[state][lang]}.`;

/** Why the parser refused a command mail. */
export function parseErrorText(e: CommandError, lang: Nl): string {
  switch (e.code) {
    case 'no-command':
      return t(
        lang,
        'Er staat geen opdracht in het onderwerp. Zet een opdracht zoals #notitie of #status in het onderwerp; de lijst met opdrachten staat in de toewijzingsmail.',
        'There is no command in the subject. Put a command such as #note or #status in the subject; the list of commands is in the assignment mail.',
      );
    case 'unknown-command': {
      const known = e.suggestion ? lookupCommand(e.suggestion) : null;
      const suggestion = known ? `#${known.def.aliases[lang]}` : null;
      return suggestion
        ? t(lang, `${e.typed} is geen opdracht. Bedoelt u ${suggestion}?`, `${e.typed} is not a command. Did you mean ${suggestion}?`)
        : t(lang, `${e.typed} is geen opdracht.`, `${e.typed} is not a command.`);
    }
    case 'missing-argument': {
      const def = commandDef(e.command);
      const usage = `#${def.aliases[lang]} ${def.usage[lang]}`.trim();
      return t(lang, `${e.typed} is niet compleet: schrijf ${usage} in het onderwerp.`, `${e.typed} is incomplete: write ${usage} in the subject.`);
    }
    case 'invalid-argument':
      return t(lang, `${e.typed}: kies uit ${listOr(e.allowed, lang)}.`, `${e.typed}: choose ${listOr(e.allowed, lang)}.`);
    case 'missing-body': {
      const subjectText = /subject line/u.test(e.message);
      return (
        t(
          lang,
          `${e.typed} heeft tekst nodig: schrijf die in de e-mail zelf, boven het geciteerde bericht.`,
          `${e.typed} needs text: write it in the body of the mail, above the quoted message.`,
        ) +
        (subjectText ? t(lang, ' Tekst in het onderwerp na de opdracht wordt niet gelezen.', ' Text on the subject line after the command is not read.') : '')
      );
    }
    case 'ambiguous-body':
      return t(
        lang,
        `${tagList(e.commands, lang)} gebruiken allebei de tekst van de e-mail; dat kan maar één opdracht per e-mail. Stuur ze in aparte e-mails.`,
        `${tagList(e.commands, lang)} both use the text of the mail; only one command per mail can. Send them in separate mails.`,
      );
  }
}

function listOr(items: readonly string[], lang: Nl): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${t(lang, 'of', 'or')} ${items[items.length - 1] ?? ''}`;
}

/** Verdict words of the engine as the commands spell them. */
const VERDICT_WORDS: Record<string, Record<Nl, string>> = {
  founded: { nl: 'gegrond', en: 'founded' },
  partly: { nl: 'deels', en: 'partly' },
  unfounded: { nl: 'ongegrond', en: 'unfounded' },
  upheld: { nl: 'gegrond', en: 'upheld' },
  rejected: { nl: 'afgewezen', en: 'rejected' },
};

/** A verdict in the words of a language: `founded` → `gegrond`. */
export const verdictWord = (verdict: string, lang: Nl): string => VERDICT_WORDS[verdict]?.[lang] ?? verdict;

/** Why the procedure refused a command, from the engine's code and the complaint as it stood. */
export function refusalText(
  cmd: ParsedCommand,
  code: ProcErrorCode,
  choices: readonly string[] | undefined,
  before: ComplaintProcState | null,
  tenant: TenantContext,
  lang: Nl,
): string {
  const typed = cmd.typed;
  if (cmd.name === 'heard') {
    const heard = heardRefusal(cmd, code, before, tenant, lang);
    if (heard) return heard;
  }
  switch (code) {
    case 'not-allowed-in-state':
      return before
        ? t(
            lang,
            `${typed} kan nu niet: de klacht ${STATE_LABELS[before.state].nl}.`,
            `${typed} is not possible now: the complaint ${STATE_LABELS[before.state].en}.`,
          )
        : t(lang, `${typed} kan nu niet.`, `${typed} is not possible now.`);
    case 'step-disabled':
      return t(
        lang,
        `${typed} hoort niet bij de klachtenprocedure van ${tenant.cfg.name}.`,
        `${typed} is not part of the complaints procedure of ${tenant.cfg.name}.`,
      );
    case 'missing-information': {
      const missing = listInWords(
        (before?.missing ?? []).map((f: InfoField) => INFO_FIELD_LABELS[f][lang]),
        lang,
      );
      return t(
        lang,
        `${typed} kan pas als de benodigde informatie compleet is${missing ? `; nog niet ontvangen: ${missing}` : ''}.`,
        `${typed} has to wait until the required information is complete${missing ? `; still missing: ${missing}` : ''}.`,
      );
    }
    case 'missing-root-cause':
      return t(
        lang,
        `Leg eerst de oorzaak vast met ${tagOf('cause', lang)}: deze procedure vraagt de oorzaak vóór de uitkomst.`,
        `Record the root cause first with ${tagOf('cause', lang)}: this procedure needs it before the outcome.`,
      );
    case 'no-handler':
      return t(
        lang,
        `Wijs eerst een contactpersoon toe met ${tagOf('assign', lang)} NAAM: de ontvangstbevestiging noemt die.`,
        `Assign a contact person first with ${tagOf('assign', lang)} NAME: the acknowledgement names them.`,
      );
    case 'empty-body':
      return t(
        lang,
        `${typed} heeft tekst nodig: schrijf die in de e-mail zelf, boven het geciteerde bericht.`,
        `${typed} needs text: write it in the body of the mail, above the quoted message.`,
      );
    case 'invalid-argument': {
      if (choices && choices.length > 0)
        return t(
          lang,
          `${typed}: kies uit ${listOr(
            choices.map((c) => VERDICT_WORDS[c]?.nl ?? c),
            lang,
          )}.`,
          `${typed}: choose ${listOr(
            choices.map((c) => VERDICT_WORDS[c]?.en ?? c),
            lang,
          )}.`,
        );
      const def = commandDef(cmd.name);
      const usage = `#${def.aliases[lang]} ${def.usage[lang]}`.trim();
      if (cmd.name === 'hearing')
        return t(
          lang,
          `${typed}: geef een datum en tijd die nog moeten komen, zoals ${usage} (datum als jaar-maand-dag, tijd als uu:mm).`,
          `${typed}: give a date and time still to come, as ${usage} (date as year-month-day, time as hh:mm).`,
        );
      return t(lang, `${typed} is niet compleet: gebruik ${usage}.`, `${typed} is incomplete: use ${usage}.`);
    }
    case 'too-early':
    case 'not-started':
    case 'already-received':
      return t(lang, `${typed} kan nu niet.`, `${typed} is not possible now.`);
  }
}

/**
 * #gehoord refused by procedure/steps/hearing.ts: before the scheduled hearing without a date
 * (`too-early`), or a date in the future or before the objection arrived (`invalid-argument`).
 * Which one it was follows from the command and the complaint as it stood.
 */
function heardRefusal(
  cmd: Extract<ParsedCommand, { name: 'heard' }>,
  code: ProcErrorCode,
  before: ComplaintProcState | null,
  tenant: TenantContext,
  lang: Nl,
): string | null {
  const typed = cmd.typed;
  const tag = tagOf('heard', lang);
  const withDate = t(
    lang,
    `Vond het gesprek eerder plaats, zet dan de datum erachter: ${tag} DATUM of ${tag} DATUM TIJD (datum als dag-maand-jaar of jaar-maand-dag, tijd als uu:mm).`,
    `If the conversation took place earlier, add its date: ${tag} DATE or ${tag} DATE TIME (date as year-month-day or day-month-year, time as hh:mm).`,
  );
  const tz = tenant.cfg.timezone;
  if (code === 'too-early' && before?.hearingAt) {
    const when = formatDateTime(new Date(before.hearingAt), lang, tz);
    return `${t(lang, `${typed} kan pas na de hoorzitting van ${when}.`, `${typed} can only follow the hearing on ${when}.`)} ${withDate}`;
  }
  if (code !== 'invalid-argument' || (cmd.date === null && cmd.time === null)) return null;
  // What was given, written out as people read dates (never the ISO form the parser made of it).
  const [h = 12, m = 0] = (cmd.time ?? '12:00').split(':').map(Number);
  const instant = cmd.date === null ? null : tenant.calendar.atLocalTime(cmd.date, h, m);
  const given =
    instant === null
      ? t(lang, `vandaag om ${cmd.time ?? ''}`, `today at ${cmd.time ?? ''}`)
      : cmd.time === null
        ? formatLongDate(instant, lang, tz)
        : formatDateTime(instant, lang, tz);
  if (before?.objectionAt) {
    const objection = new Date(before.objectionAt);
    const objectionDate = tenant.calendar.localDate(objection);
    const date = cmd.date ?? '9999-12-31';
    const earlier = date < objectionDate || (date === objectionDate && cmd.time !== null && cmd.time < formatDateTime(objection, 'en', tz).slice(-5));
    if (earlier) {
      const when = formatDateTime(objection, lang, tz);
      return t(
        lang,
        `${typed} (${given}): het gesprek kan niet vóór het bezwaar zijn; het bezwaar kwam binnen op ${when}. Controleer de datum.`,
        `${typed} (${given}): the conversation cannot precede the objection, which arrived on ${when}. Please check the date.`,
      );
    }
  }
  return t(
    lang,
    `${typed} (${given}): dat moment moet nog komen. Stuur ${tag} na het gesprek, met de datum waarop het plaatsvond (datum als dag-maand-jaar of jaar-maand-dag, tijd als uu:mm).`,
    `${typed} (${given}): that moment is still to come. Send ${tag} after the conversation, with the date it took place (date as year-month-day or day-month-year, time as hh:mm).`,
  );
}

/** A command whose meaning could not be settled (an unknown person or service). */
export function meaningRefusal(cmd: ParsedCommand, tenant: TenantContext, lang: Nl, message: string): string {
  if (cmd.name === 'assign') {
    const people = listOr(
      tenant.cfg.people.map((p) => p.name),
      lang,
    );
    return t(lang, `Niemand heet "${cmd.person}". Kies ${people}.`, `Nobody is called "${cmd.person}". Choose ${people}.`);
  }
  if (cmd.name === 'service') {
    const services = listOr(
      tenant.cfg.services.map((s) => s.name),
      lang,
    );
    return services
      ? t(
          lang,
          `"${cmd.service}" staat niet in de dienstencatalogus. Kies ${services}.`,
          `"${cmd.service}" is not in the service catalogue. Choose ${services}.`,
        )
      : t(lang, `"${cmd.service}" staat niet in de dienstencatalogus.`, `"${cmd.service}" is not in the service catalogue.`);
  }
  if (cmd.name === 'date') {
    const day = formatLongDate(tenant.calendar.atLocalTime(cmd.date, 12, 0), lang, tenant.cfg.timezone);
    return t(
      lang,
      `${cmd.typed} ${day}: die dag moet nog komen. Geef de dag waarop het probleem zich voordeed.`,
      `${cmd.typed} ${day}: that day is still to come. Give the day the problem happened.`,
    );
  }
  return message;
}

/** "Gaat naar karin@klant.example: de ontvangstbevestiging." — one per queued mail. */
export function sentText(kind: string, to: string, tenant: TenantContext, lang: Nl, sender: Person): string {
  const person = tenant.people.byEmail(to);
  if (person?.id === sender.id && kind.startsWith('notice-')) return t(lang, 'U krijgt hierover een aparte melding.', 'You get a separate notice about it.');
  const who = person ? person.name : to;
  const letter = (LETTER_LABELS as Record<string, Record<Nl, string> | undefined>)[kind]?.[lang];
  if (letter) return t(lang, `Verstuurd: ${letter} aan ${who}.`, `Sent: ${letter} to ${who}.`);
  if (kind === 'assignment') return t(lang, `${who} krijgt de toewijzingsmail.`, `${who} gets the assignment mail.`);
  if (kind.startsWith('notice-')) return t(lang, `${who} krijgt een melding.`, `${who} gets a notice.`);
  return t(lang, `${who} krijgt een e-mail.`, `${who} gets a mail.`);
}

/** "Volgende termijn: Inhoudelijke reactie (uitkomst), uiterlijk maandag 28 december, einde van de dag." */
export function nextDeadlineText(state: ComplaintProcState, tenant: TenantContext, now: Date, lang: Nl): string | null {
  const next = Object.values(state.deadlines)
    // A deadline whose letter is on its way is being met: it is not what comes next.
    .filter((d) => d && d.owner === 'company' && d.status === 'open' && !d.awaitingLetter)
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
  if (!next) return null;
  const when = formatDeadline(new Date(next.dueAt), lang, tenant.cfg.timezone, now);
  return t(lang, `Volgende termijn: ${DEADLINE_LABELS[next.kind].nl}, uiterlijk ${when}.`, `Next deadline: ${DEADLINE_LABELS[next.kind].en}, by ${when}.`);
}

/** A manager-only command from someone who is not a manager. */
export function managersOnlyText(cmd: ParsedCommand, person: Person, lang: Nl): string {
  return t(
    lang,
    `${cmd.typed} is alleen voor de directie; u staat geregistreerd als ${person.role === 'handler' ? 'behandelaar' : person.role}.`,
    `${cmd.typed} is for managers only; you are registered as ${person.role}.`,
  );
}

export function whichComplaintText(cmd: ParsedCommand, reference: string, lang: Nl): string {
  return t(
    lang,
    `${cmd.typed}: over welke klacht gaat het? Antwoord op een e-mail van complaintdesk over de klacht, of zet de referentie (zoals [${reference}-…]) in het onderwerp.`,
    `${cmd.typed}: which complaint? Reply to a complaintdesk mail about it, or put its reference (such as [${reference}-…]) in the subject.`,
  );
}

/** "Wat nu wel kan: #notitie, #antwoord en #status." */
export function possibleNowText(names: readonly string[], lang: Nl): string | null {
  if (names.length === 0) return null;
  return t(lang, `Wat nu wel kan: ${tagList(names, lang)}.`, `What you can do now: ${tagList(names, lang)}.`);
}

const DEADLINE_STATUS: Record<DeadlineStatus, Record<Nl, string>> = {
  open: { nl: 'loopt', en: 'running' },
  paused: { nl: 'staat stil zolang de klant aan zet is', en: 'paused while the customer is to answer' },
  met: { nl: 'gehaald', en: 'met' },
  missed: { nl: 'niet gehaald', en: 'missed' },
  cleared: { nl: 'vervallen', en: 'no longer applies' },
};

export function deadlineStatusText(
  kind: keyof typeof DEADLINE_LABELS,
  dueAt: string,
  status: DeadlineStatus,
  tenant: TenantContext,
  now: Date,
  lang: Nl,
): string {
  const when = formatDeadline(new Date(dueAt), lang, tenant.cfg.timezone, now);
  return t(
    lang,
    `Termijn ${DEADLINE_LABELS[kind].nl}: ${when} (${DEADLINE_STATUS[status].nl}).`,
    `Deadline ${DEADLINE_LABELS[kind].en}: ${when} (${DEADLINE_STATUS[status].en}).`,
  );
}

/** What a step of the history was, completing "<when>: <who> …" (procedure events by type). */
const PROCEDURE_EVENT_TEXT: Record<ProcEventType, Record<Nl, string>> = {
  received: { nl: 'klacht ontvangen', en: 'complaint received' },
  assigned: { nl: 'contactpersoon toegewezen', en: 'contact person assigned' },
  'acknowledgement-sent': { nl: 'ontvangst op een andere manier bevestigd', en: 'receipt acknowledged another way' },
  'information-requested': { nl: 'informatie gevraagd aan de klant', en: 'information requested from the customer' },
  'information-received': { nl: 'informatie van de klant ontvangen', en: 'information received from the customer' },
  'service-set': { nl: 'dienst vastgelegd', en: 'service recorded' },
  admissible: { nl: 'ontvankelijk verklaard', en: 'declared admissible' },
  inadmissible: { nl: 'niet-ontvankelijk verklaard', en: 'declared inadmissible' },
  'cause-recorded': { nl: 'oorzaak vastgelegd', en: 'root cause recorded' },
  'contact-made': { nl: 'contact met de klant opgenomen', en: 'customer contacted personally' },
  outcome: { nl: 'uitkomst verstuurd', en: 'outcome sent' },
  'learning-recorded': { nl: 'leerpunt vastgelegd', en: 'learning recorded' },
  'objection-suspected': { nl: 'mogelijk bezwaar van de klant voorgelegd aan de directie', en: 'possible objection from the customer put before management' },
  objection: { nl: 'bezwaar geregistreerd', en: 'objection registered' },
  'objection-dismissed': { nl: 'door de directie aangemerkt als geen bezwaar', en: 'judged by management not to be an objection' },
  'hearing-scheduled': { nl: 'hoorzitting gepland', en: 'hearing scheduled' },
  heard: { nl: 'klant gehoord', en: 'customer heard' },
  decision: { nl: 'uitspraak verstuurd', en: 'decision sent' },
  'objection-window-ended': { nl: 'bezwaartermijn verstreken', en: 'objection period ended' },
  close: { nl: 'klacht afgesloten', en: 'complaint closed' },
  reopen: { nl: 'klacht heropend', en: 'complaint reopened' },
  note: { nl: 'notitie vastgelegd', en: 'note recorded' },
  reply: { nl: 'bericht aan de klant gestuurd', en: 'message sent to the customer' },
  'letter-accepted': { nl: 'brief afgeleverd', en: 'letter delivered' },
  'letter-failed': { nl: 'brief niet afgeleverd', en: 'letter not delivered' },
};

/** One line of a complaint's recent history: "maandag 14 december om 10:02 — oorzaak vastgelegd (Jan de Vries)". */
export function historyText(e: EventRow, tenant: TenantContext, now: Date, lang: Nl): string | null {
  const when = formatDeadline(new Date(e.at), lang, tenant.cfg.timezone, now);
  let what: string | null = null;
  // Delivery reports are the outbox's business; the letters themselves are listed as sent.
  if (e.type === 'procedure:letter-accepted' || e.type === 'procedure:letter-failed') return null;
  if (e.type.startsWith('procedure:')) what = PROCEDURE_EVENT_TEXT[e.type.slice('procedure:'.length) as ProcEventType]?.[lang] ?? null;
  else if (e.type === 'letter:sent') {
    const d = e.data as { kind: string; to: string };
    const label = (LETTER_LABELS as Record<string, Record<Nl, string> | undefined>)[d.kind]?.[lang];
    // Only letters to the customer: the desk's mail to its own people is not the complaint's history.
    what = label ? t(lang, `${label} verstuurd aan ${d.to}`, `${label} sent to ${d.to}`) : null;
  } else if (e.type === 'mail:received') what = t(lang, 'e-mail ontvangen', 'mail received');
  if (!what) return null;
  const a = e.actor;
  const who =
    a.kind === 'person'
      ? (tenant.people.byId(a.id)?.name ?? a.id)
      : a.kind === 'customer'
        ? t(lang, 'de klant', 'the customer')
        : a.kind === 'sender'
          ? a.address
          : null;
  return `${when} — ${what}${who ? ` (${who})` : ''}`;
}
