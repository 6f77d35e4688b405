import type { Person, TenantConfig } from '../config/schema.js';
import { matchService } from '../intake/service.js';
import type { ProcEvent } from '../procedure/types.js';
import type { ParsedCommand } from './types.js';

export type CommandEvent = { ok: true; event: ProcEvent } | { ok: false; message: string };

/** `#assign` names a handler by id, e-mail or (part of) the name, case-insensitively. */
export function resolvePerson(cfg: TenantConfig, text: string): Person | null {
  const q = text.trim().toLowerCase();
  const handlers = cfg.people.filter((p) => p.role === 'handler' || p.role === 'manager');
  return (
    handlers.find((p) => p.id.toLowerCase() === q || p.email === q || p.name.toLowerCase() === q) ??
    (handlers.filter((p) => p.name.toLowerCase().split(/\s+/).includes(q)).length === 1 ? handlers.find((p) => p.name.toLowerCase().split(/\s+/).includes(q))! : null)
  );
}

/**
 * A parsed command as an event of the procedure engine. Commands that are not procedure events
 * (#status, #register) are handled by the executor itself.
 */
export function commandToEvent(cfg: TenantConfig, cmd: ParsedCommand, now: Date): CommandEvent {
  switch (cmd.name) {
    case 'assign': {
      const p = resolvePerson(cfg, cmd.person);
      if (!p) return { ok: false, message: `#assign: nobody called "${cmd.person}"; choose one of: ${cfg.people.map((x) => `${x.id} (${x.name})`).join(', ')}` };
      return { ok: true, event: { type: 'assigned', handlerId: p.id } };
    }
    case 'reply':
      return { ok: true, event: { type: 'reply', body: cmd.body } };
    case 'note':
      return { ok: true, event: { type: 'note', body: cmd.body } };
    case 'info':
      return { ok: true, event: { type: 'information-requested', question: cmd.body } };
    case 'service': {
      const name = matchService(cmd.service, cfg.services) ?? cfg.services.find((s) => s.name.toLowerCase() === cmd.service.trim().toLowerCase())?.name ?? null;
      if (!name) return { ok: false, message: `#service: "${cmd.service}" is not in the service catalogue; choose one of: ${cfg.services.map((s) => s.name).join(', ') || '(none configured)'}` };
      return { ok: true, event: { type: 'service-set', service: name } };
    }
    case 'admissible':
      return { ok: true, event: cmd.body ? { type: 'admissible', body: cmd.body } : { type: 'admissible' } };
    case 'inadmissible':
      return { ok: true, event: { type: 'inadmissible', justification: cmd.body } };
    case 'cause':
      return { ok: true, event: { type: 'cause-recorded', body: cmd.body } };
    case 'outcome':
      return { ok: true, event: { type: 'outcome', verdict: cmd.verdict, body: cmd.body } };
    case 'learning':
      return { ok: true, event: { type: 'learning-recorded', body: cmd.body } };
    case 'objection':
      return { ok: true, event: cmd.body ? { type: 'objection', receivedAt: now.toISOString(), body: cmd.body } : { type: 'objection', receivedAt: now.toISOString() } };
    case 'hearing':
      return { ok: true, event: { type: 'hearing-scheduled', date: cmd.date, time: cmd.time, mode: cmd.mode } };
    case 'heard':
      return { ok: true, event: { type: 'heard' } };
    case 'decision':
      return { ok: true, event: { type: 'decision', verdict: cmd.verdict, body: cmd.body } };
    case 'close':
      return { ok: true, event: { type: 'close' } };
    case 'reopen':
      return { ok: true, event: { type: 'reopen' } };
    case 'status':
    case 'register':
      return { ok: false, message: `#${cmd.name} is not a procedure step` };
  }
}
