import { formatDeadline } from '../calendar/format.js';
import { cheatSheet, commandHelp, procedureCommands } from '../commands/registry.js';
import type { CommandName } from '../commands/types.js';
import { allowedCommands } from '../procedure/machine.js';
import { objectionAddress, officeAddressLines, type Person } from '../config/schema.js';
import type { InformationRequest, MissingItem } from '../letters/data.js';
import type { Language } from '../text/language.js';
import { letterPeriod } from './letterPeriod.js';
import { queueLetter, type LetterPayload } from '../outbox/queue.js';
import type {
  ClosedReason,
  ComplaintProcState,
  DeadlineKind,
  DecisionVerdict,
  Effect,
  HearingMode,
  InfoField,
  LetterKind,
  NotifyWhat,
  OutcomeVerdict,
} from '../procedure/types.js';
import type { Complaint } from '../store/complaints.js';
import { eventAppend, SYSTEM } from '../store/events.js';
import { inboundCustomerMessageIds } from '../store/inbound.js';
import { splitLetterFrame, withoutLetterFrame } from '../text/letterFrame.js';
import { subjectTopic } from '../text/subjectTopic.js';
import type { Moment } from '../tenant/context.js';
import { queueAutomaticLetter } from './autoReply.js';
import { CLOSED_REASON_LABELS, DEADLINE_LABELS, INFO_FIELD_LABELS, listInWords, NOTICE_TITLES } from './labels.js';

/** What the engine's effects are carried out for: the complaint as it now stands and who caused it. */
export interface EffectContext extends Moment {
  complaint: Complaint;
  state: ComplaintProcState;
  /** The person whose command caused this (signs a handler message). */
  actorPerson: Person | null;
  /** Notices not to send: the caller tells these people in one mail of its own (workflow/forward.ts). */
  quietNotices?: readonly (keyof typeof NOTICE_TITLES)[];
}

/** The customer's latest mail in this complaint: letters reply to it so they thread in the customer's client. */
function customerThread(m: Moment, c: Complaint): { inReplyTo: string | null; references: string[] } {
  const ids = inboundCustomerMessageIds(m.tenant.db, c.id, c.customerEmail ?? '');
  return { inReplyTo: ids.at(-1) ?? null, references: ids.slice(-10) };
}

/** Company deadlines still running, for the handler's overview. */
export function deadlineList(state: ComplaintProcState, lang: Language): Array<{ label: string; dueAt: string; status: string }> {
  return Object.values(state.deadlines)
    .filter((d) => d && (d.status === 'open' || d.status === 'paused'))
    .map((d) => ({
      label: DEADLINE_LABELS[d.kind][lang] + (d.status === 'paused' ? (lang === 'nl' ? ' (gepauzeerd)' : ' (paused)') : ''),
      dueAt: d.dueAt,
      status: d.status,
    }))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

/**
 * Customer text in our subjects must not carry command tags: a handler replying to such a mail
 * would run them. A full-width number sign looks the same and is no tag.
 */
export function untagged(subject: string): string {
  return subject.replace(/#(?=[\p{L}])/gu, '\uFF03');
}

function complaintBlock(c: Complaint) {
  return {
    reference: c.reference,
    subject: untagged(c.subject),
    receivedAt: c.receivedAt,
    receivedDateOnly: c.receivedDateOnly,
    description: c.description,
    service: c.service,
    channel: c.channel,
  };
}

/** The data every customer letter gets (SPEC §6). */
function customerData(ctx: EffectContext) {
  const { complaint: c, tenant, state } = ctx;
  const handler = tenant.people.byId(state.handlerId);
  const subject = untagged(c.subject);
  return {
    complaint: { reference: c.reference, subject, receivedAt: c.receivedAt, receivedDateOnly: c.receivedDateOnly, topic: subjectTopic(subject) },
    customer: { name: c.customerName ?? c.customerEmail ?? '', email: c.customerEmail ?? '', phone: c.customerPhone?.trim() || null },
    contact: handler
      ? { name: handler.name, email: handler.email, phone: handler.phone ?? null }
      : { name: tenant.cfg.name, email: tenant.cfg.address, phone: null },
    // Other complaints of this sender a collapsed automatic letter also answers (autoReply.ts).
    alsoConcerning: [],
  };
}

/** What an information request asks (also folded into an acknowledgement). */
function informationRequest(ctx: EffectContext, d: Record<string, unknown>): InformationRequest {
  return {
    missing: (d.missing as MissingItem[] | undefined) ?? [],
    // Set under "Wij hebben de volgende vraag voor u:" in a letter that greets and signs itself.
    question: framed(d.question as string | undefined, signers(ctx)),
    services: ctx.tenant.cfg.services.map((s) => s.name),
  };
}

/** Who may have signed text a person wrote for a letter: the one who sent the command, and the handler. */
function signers(ctx: EffectContext): string[] {
  const handler = ctx.tenant.people.byId(ctx.state.handlerId);
  return [ctx.actorPerson?.name, handler?.name].filter((n): n is string => Boolean(n));
}

/**
 * A person's text set into one of our letters (a question, reasons, a note), without their own
 * salutation and sign-off: the letter greets and signs itself (text/letterFrame.ts). null when empty.
 */
function framed(text: string | null | undefined, names: readonly string[]): string | null {
  const body = text ? withoutLetterFrame(text, names) : '';
  return body === '' ? null : body;
}

/**
 * A customer letter with its data, from an effect's data: the engine's vocabulary → the
 * templates' contract (letters/data.ts). The engine's effect data is untyped, so its fields are
 * read with the types its steps write (procedure/steps/*); the result is checked per letter.
 */
function customerLetter(ctx: EffectContext, letter: LetterKind, d: Record<string, unknown>, information: InformationRequest | null): LetterPayload<LetterKind> {
  const base = customerData(ctx);
  const mgmt = ctx.tenant.people.managers[0];
  const management = { name: mgmt?.name ?? ctx.tenant.cfg.name, phone: mgmt?.phone ?? null };
  const names = signers(ctx);
  // Text a person wrote that must not vanish: without its frame, or as written when it is nothing but a frame.
  const inner = (text: unknown) => framed(text as string, names) ?? (text as string);
  switch (letter) {
    case 'acknowledgement':
      return { template: letter, data: { ...base, information } };
    case 'information-request':
      return { template: letter, data: { ...base, ...informationRequest(ctx, d) } };
    case 'inadmissible':
      return { template: letter, data: { ...base, justification: inner(d.justification) } };
    case 'handler-message': {
      const handler = { name: ctx.actorPerson?.name ?? ctx.tenant.people.byId(ctx.state.handlerId)?.name ?? ctx.tenant.cfg.name };
      // The handler's own "Beste mevrouw De Boer," and sign-off replace ours instead of doubling them.
      const message = splitLetterFrame(d.body as string, [handler.name, ...names]);
      // The footer under their sign-off names the company: a company line of their own would say it twice.
      const closing =
        message.closing
          ?.split('\n')
          .filter((line) => line.trim() !== ctx.tenant.cfg.name)
          .join('\n') || null;
      return { template: letter, data: { ...base, ...message, closing, handler } };
    }
    case 'contact-changed': {
      const previous = ctx.tenant.people.byId(d.previousId as string | null | undefined);
      return { template: letter, data: { ...base, previous: previous ? { name: previous.name } : null } };
    }
    case 'outcome': {
      const o = d.objection as { until: string; hearing: boolean } | null;
      return {
        template: letter,
        data: {
          ...base,
          verdict: d.verdict as OutcomeVerdict,
          body: inner(d.body),
          serviceChanges: framed(d.serviceChanges as string | undefined, names),
          // Lodged with management (`objection.address`, the complaints address by default), by the last day.
          objection: o ? { until: o.until, to: objectionAddress(ctx.tenant.cfg), hearing: o.hearing } : null,
        },
      };
    }
    case 'objection-received': {
      // The promise of the regulation ("binnen 4 weken na dit gesprek ... een schriftelijke uitspraak"), from the configured period.
      const objection = ctx.tenant.cfg.procedure.objection;
      if (!objection) throw new Error('objection-received: the procedure has no objection step');
      const decisionWithin = letterPeriod(objection.decisionWithin);
      return {
        template: letter,
        data: { ...base, objection: { receivedAt: d.receivedAt as string, hearing: objection.hearing, decisionWithin }, management },
      };
    }
    case 'hearing-invitation': {
      const objection = ctx.tenant.cfg.procedure.objection;
      if (!objection) throw new Error('hearing-invitation: the procedure has no objection step');
      return {
        template: letter,
        data: {
          ...base,
          hearing: {
            at: d.at as string,
            mode: (d.mode as HearingMode | null | undefined) ?? null,
            note: framed(d.note as string | null | undefined, [management.name, ...names]),
          },
          management,
          address: officeAddressLines(ctx.tenant.cfg),
          decisionWithin: letterPeriod(objection.decisionWithin),
        },
      };
    }
    case 'decision':
      return {
        template: letter,
        data: { ...base, verdict: d.verdict as DecisionVerdict, body: framed(d.body as string, [management.name, ...names]) ?? (d.body as string), management },
      };
    case 'closing': {
      // Closed by the timer after the objection period (procedure/steps/closing.ts): the letter says the period ended without an objection.
      const until = (d.objectionWindowEnd as string | null | undefined) ?? null;
      return { template: letter, data: { ...base, body: framed(d.note as string | null | undefined, names), objectionWindow: until ? { until } : null } };
    }
  }
}

/** A letter the procedure sends: which deadline its acceptance settles, and the letter it stands for. */
interface Outgoing {
  letter: LetterKind;
  data: Record<string, unknown>;
  meets?: DeadlineKind;
  /** The automatic information request folded into this acknowledgement. */
  information?: InformationRequest;
}

/**
 * Queue a customer letter. Automatic letters (the acknowledgement, an information request nobody
 * asked for by command) go through the auto-reply limits; a person's letters go at once. Returns
 * the letters that could not be sent at all (no email address) and so settle now.
 */
function sendToCustomer(ctx: EffectContext, out: Outgoing): LetterKind[] {
  const { tenant, complaint: c, now } = ctx;
  const { letter } = out;
  if (!c.customerEmail) {
    eventAppend(tenant.db, {
      tenant: tenant.id,
      complaintId: c.id,
      at: now,
      type: 'letter:not-sent',
      actor: SYSTEM,
      data: { kind: letter, reason: 'no customer email address: send it another way' },
    });
    // Nothing will be accepted by a mail server: the step happened now, as a person handles it.
    return out.meets ? [letter] : [];
  }
  const thread = customerThread(ctx, c);
  // Automatic = nobody asked for it: the answer to a customer's mail. An acknowledgement a person
  // caused (#registreer of a phone complaint, a manual #toewijzen) is that person's letter and is
  // never held or deferred by the auto-reply limits.
  const automatic = ctx.actorPerson === null && (letter === 'acknowledgement' || letter === 'information-request');
  const deliveries = out.meets ? [{ complaintId: c.id, letter }] : [];
  const payload = customerLetter(ctx, letter, out.data, out.information ?? null);
  const input = {
    complaint: { id: c.id, reference: c.reference },
    kind: letter,
    lang: c.language,
    to: { address: c.customerEmail, name: c.customerName },
    inReplyTo: thread.inReplyTo,
    references: thread.references,
    deliveries,
  };
  if (automatic && (payload.template === 'acknowledgement' || payload.template === 'information-request')) {
    queueAutomaticLetter(ctx, { ...input, ...payload });
    return [];
  }
  // Letters a person wrote (#reply, #info, #outcome, …) are not automatic and are never held.
  queueLetter(ctx, { ...input, ...payload, autoSubmitted: null });
  return [];
}

/** A notice's sentences, from the engine's effect data (procedure/steps/*), in the reader's language. */
function noticeLines(ctx: EffectContext, what: NotifyWhat, d: Record<string, unknown>, lang: Language): string[] {
  const nl = lang === 'nl';
  const when = (iso: unknown) => formatDeadline(new Date(String(iso)), lang, ctx.tenant.cfg.timezone, ctx.now);
  const fields = (v: unknown) =>
    listInWords(
      ((v as InfoField[] | undefined) ?? []).map((f) => INFO_FIELD_LABELS[f][lang]),
      lang,
    );
  switch (what) {
    case 'assignment-needed': {
      const lines = [
        d.assignment === 'manual'
          ? nl
            ? 'Deze klachtenprocedure wijst klachten niet automatisch toe.'
            : 'This complaints procedure does not assign complaints automatically.'
          : nl
            ? 'Er was niemand beschikbaar om de klacht automatisch aan toe te wijzen.'
            : 'Nobody was available to take the complaint automatically.',
      ];
      if (d.acknowledgementDue)
        lines.push(
          nl
            ? `De ontvangstbevestiging met de naam van de contactpersoon moet uiterlijk ${when(d.acknowledgementDue)} verstuurd zijn.`
            : `The acknowledgement naming the contact person must be sent by ${when(d.acknowledgementDue)}.`,
        );
      return lines;
    }
    case 'assigned':
      return [];
    case 'information-received': {
      const got = fields(d.fields);
      const missing = fields(d.missing);
      const lines = [
        got
          ? nl
            ? `De klant heeft ${got} aangevuld.`
            : `The customer supplied ${got}.`
          : nl
            ? 'De klant heeft geantwoord; lees het antwoord bij de klacht.'
            : 'The customer answered; read the answer with the complaint.',
      ];
      if (missing) lines.push(nl ? `Nog niet ontvangen: ${missing}.` : `Still missing: ${missing}.`);
      lines.push(
        d.stillWaiting
          ? nl
            ? 'De klacht wacht nog op de klant.'
            : 'The complaint is still waiting for the customer.'
          : nl
            ? 'De klacht wacht niet meer op de klant; de termijn voor de uitkomst loopt.'
            : 'The complaint no longer waits for the customer; the deadline for the outcome is running.',
      );
      return lines;
    }
    case 'objection-received': {
      const lines = [nl ? `Het bezwaar is ontvangen op ${when(d.receivedAt)}.` : `The objection arrived on ${when(d.receivedAt)}.`];
      if (d.late)
        lines.push(
          nl
            ? 'Het bezwaar kwam na afloop van de bezwaartermijn; de directie beslist of het wordt behandeld.'
            : 'It arrived after the objection period ended; management decides whether to hear it.',
        );
      if (typeof d.body === 'string' && d.body.trim() !== '') lines.push(`${nl ? 'Toelichting' : 'Explanation'}: ${d.body.trim()}`);
      return lines;
    }
    case 'decision-due':
      return [nl ? `De schriftelijke uitspraak moet uiterlijk ${when(d.dueAt)} verstuurd zijn.` : `The written decision must be sent by ${when(d.dueAt)}.`];
    case 'record-learning':
      return [
        nl
          ? 'Wat kan de organisatie van deze klacht leren? Leg elk leerpunt vast; de directie krijgt ze maandelijks in het leerpuntenrapport.'
          : 'What can the organisation learn from this complaint? Record each learning; management receives them monthly in the learnings report.',
      ];
    case 'reopened': {
      const closed = d.closedReason as ClosedReason | null | undefined;
      const lines = [
        closed
          ? nl
            ? `De klacht was afgesloten omdat ${CLOSED_REASON_LABELS[closed].nl}; de termijnen lopen weer zoals ze stonden.`
            : `The complaint was closed because ${CLOSED_REASON_LABELS[closed].en}; its deadlines run again as they stood.`
          : nl
            ? 'De termijnen lopen weer zoals ze stonden.'
            : 'Its deadlines run again as they stood.',
      ];
      if (typeof d.reason === 'string' && d.reason.trim() !== '') lines.push(`${nl ? 'Reden' : 'Reason'}: ${d.reason.trim()}`);
      return lines;
    }
  }
}

/** The commands a notice suggests: the one it asks for first, then what is possible now. */
function noticeCommands(ctx: EffectContext, what: NotifyWhat, lang: Language): string[] {
  const asked: Partial<Record<NotifyWhat, CommandName>> = { 'assignment-needed': 'assign', 'record-learning': 'learning', 'decision-due': 'decision' };
  const first = asked[what];
  const now = allowedCommands(ctx.state, ctx.tenant.cfg.procedure).filter((n) => n !== first) as CommandName[];
  const names = [...(first ? [first] : []), ...now].filter((n) => procedureCommands(ctx.tenant.cfg.procedure).includes(n));
  return names.slice(0, 4).map((n) => commandHelp(n, lang));
}

function notify(ctx: EffectContext, who: 'handler' | 'managers', what: NotifyWhat, data: Record<string, unknown>): void {
  const { tenant, complaint: c, state } = ctx;
  const handler = tenant.people.byId((data.handlerId as string | undefined) ?? state.handlerId);
  const recipients = who === 'handler' ? (handler ? [handler] : tenant.people.managers) : tenant.people.managers;
  for (const person of recipients) {
    const lang = tenant.people.languageOf(person);
    if (what === 'assigned') {
      queueLetter(ctx, {
        complaint: { id: c.id, reference: c.reference },
        kind: 'assignment',
        template: 'assignment',
        lang,
        to: { address: person.email, name: person.name },
        data: {
          person: { name: person.name },
          complaint: { ...complaintBlock({ ...c, service: state.service ?? c.service }), incidentDate: state.incidentDate ?? null },
          customer: { name: c.customerName ?? c.customerEmail ?? '', email: c.customerEmail ?? '', phone: c.customerPhone },
          deadlines: deadlineList(state, lang),
          cheatSheet: cheatSheet(lang, tenant.cfg.procedure, state),
        },
        autoSubmitted: 'auto-generated',
      });
      continue;
    }
    queueLetter(ctx, {
      complaint: { id: c.id, reference: c.reference },
      kind: `notice-${what}`,
      template: 'notice',
      lang,
      to: { address: person.email, name: person.name },
      data: {
        person: { name: person.name },
        complaint: complaintBlock(c),
        title: NOTICE_TITLES[what][lang],
        lines: noticeLines(ctx, what, data, lang),
        deadlines: deadlineList(state, lang),
        commands: noticeCommands(ctx, what, lang),
      },
      autoSubmitted: 'auto-generated',
    });
  }
}

/** The history event each deadline effect is recorded as. */
const DEADLINE_EVENTS = {
  'set-deadline': 'deadline:set',
  'pause-deadline': 'deadline:pause',
  'resume-deadline': 'deadline:resume',
  'clear-deadline': 'deadline:clear',
} as const;

/**
 * Carry out the engine's effects inside the caller's transaction. Deadlines are mirrored
 * separately. Returns the letters that settle now because they could not be mailed at all.
 */
export function runEffects(ctx: EffectContext, effects: readonly Effect[]): LetterKind[] {
  const settleNow: LetterKind[] = [];
  // An acknowledgement and an automatic information request made by the same event are one
  // letter: it confirms receipt and asks for what is missing.
  const ack = effects.find((e) => e.type === 'send-letter' && e.letter === 'acknowledgement');
  const fold = ack && ctx.actorPerson === null ? effects.find((e) => e.type === 'send-letter' && e.letter === 'information-request') : undefined;
  for (const e of effects) {
    switch (e.type) {
      case 'send-letter':
        if (e === fold) break;
        // Only mail tells a customer their new contact person; one without an address hears it from that person.
        if (e.letter === 'contact-changed' && !ctx.complaint.customerEmail) break;
        settleNow.push(
          ...sendToCustomer(ctx, {
            letter: e.letter,
            data: e.data,
            ...(e.meets ? { meets: e.meets } : {}),
            ...(e === ack && fold?.type === 'send-letter' ? { information: informationRequest(ctx, fold.data) } : {}),
          }),
        );
        break;
      case 'notify':
        if (ctx.quietNotices?.includes(e.what)) break;
        notify(ctx, e.who, e.what, e.data);
        break;
      case 'set-deadline':
      case 'pause-deadline':
      case 'resume-deadline':
      case 'clear-deadline':
        eventAppend(ctx.tenant.db, {
          tenant: ctx.tenant.id,
          complaintId: ctx.complaint.id,
          at: ctx.now,
          type: DEADLINE_EVENTS[e.type],
          actor: SYSTEM,
          data: { ...e },
        });
        break;
      case 'record':
        eventAppend(ctx.tenant.db, {
          tenant: ctx.tenant.id,
          complaintId: ctx.complaint.id,
          at: ctx.now,
          type: `record:${e.record}`,
          actor: SYSTEM,
          data: e.data,
        });
        break;
    }
  }
  return settleNow;
}
