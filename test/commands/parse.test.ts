import { describe, expect, it } from 'vitest';
import { closest, damerauLevenshtein } from '../../src/commands/closest.js';
import { parseCommands } from '../../src/commands/parse.js';
import { commandDef, commandDefs, commandHelp, lookupCommand } from '../../src/commands/registry.js';
import type { CommandError, ParsedCommand } from '../../src/commands/types.js';

function ok(subject: string, body = ''): ParsedCommand[] {
  const result = parseCommands({ subject, body });
  if (!result.ok) throw new Error(`expected ok for ${subject}: ${JSON.stringify(result.errors)}`);
  return result.commands;
}

function errors(subject: string, body = ''): CommandError[] {
  const result = parseCommands({ subject, body });
  if (result.ok) throw new Error(`expected errors for ${subject}: ${JSON.stringify(result.commands)}`);
  return result.errors;
}

const BODY = 'Some text.';

describe('every command in both languages', () => {
  it.each<[string, string, Record<string, unknown>]>([
    ['#assign h1', '', { name: 'assign', lang: 'en', person: 'h1' }],
    ['#toewijzen Jan de Vries', '', { name: 'assign', lang: 'nl', person: 'Jan de Vries' }],
    ['#reply', BODY, { name: 'reply', lang: 'en', body: BODY }],
    ['#antwoord', BODY, { name: 'reply', lang: 'nl', body: BODY }],
    ['#note', BODY, { name: 'note', lang: 'en', body: BODY }],
    ['#notitie', BODY, { name: 'note', lang: 'nl', body: BODY }],
    ['#info', BODY, { name: 'info', lang: 'en', body: BODY }],
    ['#opvragen', BODY, { name: 'info', lang: 'nl', body: BODY }],
    ['#service Pen test', '', { name: 'service', lang: 'en', service: 'Pen test' }],
    ['#dienst Beveiligingsonderzoek', '', { name: 'service', lang: 'nl', service: 'Beveiligingsonderzoek' }],
    ['#admissible', '', { name: 'admissible', lang: 'en', body: '' }],
    ['#ontvankelijk', BODY, { name: 'admissible', lang: 'nl', body: BODY }],
    ['#inadmissible', BODY, { name: 'inadmissible', lang: 'en', body: BODY }],
    ['#nietontvankelijk', BODY, { name: 'inadmissible', lang: 'nl', body: BODY }],
    ['#niet-ontvankelijk', BODY, { name: 'inadmissible', lang: 'nl', body: BODY }],
    ['#cause', BODY, { name: 'cause', lang: 'en', body: BODY }],
    ['#oorzaak', BODY, { name: 'cause', lang: 'nl', body: BODY }],
    ['#outcome founded', BODY, { name: 'outcome', lang: 'en', verdict: 'founded', body: BODY }],
    ['#uitkomst ongegrond', BODY, { name: 'outcome', lang: 'nl', verdict: 'unfounded', body: BODY }],
    ['#learning', BODY, { name: 'learning', lang: 'en', body: BODY }],
    ['#leerpunt', BODY, { name: 'learning', lang: 'nl', body: BODY }],
    ['#objection', '', { name: 'objection', lang: 'en', body: '' }],
    ['#bezwaar', BODY, { name: 'objection', lang: 'nl', body: BODY }],
    ['#hearing 2026-03-14 10:30 phone', '', { name: 'hearing', lang: 'en', date: '2026-03-14', time: '10:30', mode: 'phone' }],
    ['#hoorzitting 14-3-2026 9:05 kantoor', '', { name: 'hearing', lang: 'nl', date: '2026-03-14', time: '09:05', mode: 'office' }],
    ['#heard', '', { name: 'heard', lang: 'en' }],
    ['#gehoord', '', { name: 'heard', lang: 'nl' }],
    ['#decision upheld', BODY, { name: 'decision', lang: 'en', verdict: 'upheld', body: BODY }],
    ['#uitspraak afgewezen', BODY, { name: 'decision', lang: 'nl', verdict: 'rejected', body: BODY }],
    ['#close', '', { name: 'close', lang: 'en' }],
    ['#sluiten', '', { name: 'close', lang: 'nl' }],
    ['#reopen', '', { name: 'reopen', lang: 'en' }],
    ['#heropenen', '', { name: 'reopen', lang: 'nl' }],
    ['#status', '', { name: 'status', lang: 'en' }],
    ['#register', 'Name: Ann\nBroken.', { name: 'register', lang: 'en', description: 'Broken.' }],
    ['#registreer', 'Naam: Ann\nKapot.', { name: 'register', lang: 'nl', description: 'Kapot.' }],
  ])('%s', (subject, body, expected) => {
    const [command, ...rest] = ok(subject, body);
    expect(rest).toEqual([]);
    expect(command).toMatchObject({ ...expected, typed: subject.split(' ')[0] });
  });

  it('gives exactly the documented fields (no body on body-less commands)', () => {
    expect(ok('#outcome partly', ' Fixed. ')).toEqual([{ name: 'outcome', typed: '#outcome', lang: 'en', verdict: 'partly', body: 'Fixed.' }]);
    expect(ok('#assign h2', 'ignored prose')).toEqual([{ name: 'assign', typed: '#assign', lang: 'en', person: 'h2' }]);
    expect(ok('#close thanks all')).toEqual([{ name: 'close', typed: '#close', lang: 'en' }]);
  });
});

describe('verdict words', () => {
  it.each([
    ['founded', 'founded'],
    ['gegrond', 'founded'],
    ['partly', 'partly'],
    ['partly founded', 'partly'],
    ['deels', 'partly'],
    ['deels gegrond', 'partly'],
    ['gedeeltelijk gegrond', 'partly'],
    ['unfounded', 'unfounded'],
    ['ongegrond', 'unfounded'],
    ['niet gegrond', 'unfounded'],
  ])('#outcome %s → %s (either language on either tag)', (words, verdict) => {
    expect(ok(`#outcome ${words}`, BODY)[0]).toMatchObject({ verdict });
    expect(ok(`#uitkomst ${words}`, BODY)[0]).toMatchObject({ verdict });
  });

  it.each([
    ['upheld', 'upheld'],
    ['gegrond', 'upheld'],
    ['toegewezen', 'upheld'],
    ['partly', 'partly'],
    ['deels', 'partly'],
    ['deels gegrond', 'partly'],
    ['rejected', 'rejected'],
    ['afgewezen', 'rejected'],
    ['ongegrond', 'rejected'],
  ])('#uitspraak %s → %s', (words, verdict) => {
    expect(ok(`#uitspraak ${words}`, BODY)[0]).toMatchObject({ name: 'decision', verdict });
  });
});

describe('subject handling', () => {
  it.each([
    ['#OUTCOME   Partly', 'partly'],
    ['#Uitkomst deels gegrond', 'partly'],
    ['  #uItKoMsT\tGEGROND.  ', 'founded'],
    ['RE: AW: [PS-2026-0007] #outcome partly', 'partly'],
    ['Antw: Doorst: [PA-2026-0012] Uw klacht #uitkomst ongegrond', 'unfounded'],
    ['#outcome partly RE: [PS-2026-0007] Klacht over pentest', 'partly'],
    ['RE:#outcome founded', 'founded'],
  ])('%s', (subject, verdict) => {
    expect(ok(subject, BODY)).toEqual([expect.objectContaining({ name: 'outcome', verdict })]);
  });

  it('keeps the typed spelling', () => {
    expect(ok('#OUTCOME   Partly', BODY)[0]?.typed).toBe('#OUTCOME');
  });

  it('ends multi-word arguments at a reply prefix or the reference token', () => {
    expect(ok('#assign Jan de Vries RE: [PS-2026-0007] Nieuwe klacht')[0]).toMatchObject({ person: 'Jan de Vries' });
    expect(ok('Fwd: #dienst Pen test [PS-2026-0007]')[0]).toMatchObject({ service: 'Pen test' });
  });

  it.each(['RE: [PS-2026-0007] Uw klacht', 'Order #12345 is late', 'C# and F#: a#note', ''])('no tag in %j → no-command', (subject) => {
    expect(errors(subject, BODY)).toEqual([
      {
        code: 'no-command',
        message:
          'No command found in the subject. Put a command tag such as #note or #status in the subject; ' + 'the list of commands is in the assignment mail.',
      },
    ]);
  });

  it('normalises the body: CRLF, surrounding whitespace', () => {
    expect(ok('#note', '\r\n  line one\r\nline two  \r\n')[0]).toMatchObject({ body: 'line one\nline two' });
  });
});

describe('several commands in one subject', () => {
  it('#assign h2 #note: the note takes the body', () => {
    expect(ok('RE: [PS-2026-0007] #assign h2 #note', 'Called the customer.')).toEqual([
      { name: 'assign', typed: '#assign', lang: 'en', person: 'h2' },
      { name: 'note', typed: '#note', lang: 'en', body: 'Called the customer.' },
    ]);
  });

  it('commas separate commands', () => {
    expect(ok('#toewijzen h2, #dienst Pentest, #sluiten').map((c) => c.name)).toEqual(['assign', 'service', 'close']);
    expect(ok('#toewijzen h2, #dienst Pentest')[0]).toMatchObject({ person: 'h2' });
  });

  it('two optional-body commands with an empty body are fine', () => {
    expect(ok('#admissible #objection').map((c) => c.name)).toEqual(['admissible', 'objection']);
  });

  it.each([
    ['#reply #note', BODY, ['reply', 'note'], '#reply and #note both'],
    ['#note #cause', '', ['note', 'cause'], '#note and #cause both'],
    ['#ontvankelijk #notitie', BODY, ['admissible', 'note'], '#ontvankelijk and #notitie both'],
    ['#admissible #objection', BODY, ['admissible', 'objection'], '#admissible and #objection both'],
    ['#note #cause #learning', BODY, ['note', 'cause', 'learning'], '#note, #cause and #learning all'],
  ])('%s → ambiguous-body', (subject, body, commands, start) => {
    expect(errors(subject, body)).toEqual([
      {
        code: 'ambiguous-body',
        command: commands[1],
        commands,
        message: `${start} use the mail body; only one command per mail can. Send them in separate mails.`,
      },
    ]);
  });

  it('collects every error in subject order', () => {
    expect(errors('#outcom partly #assign', BODY).map((e) => e.code)).toEqual(['unknown-command', 'missing-argument']);
  });
});

describe('errors', () => {
  it.each([
    ['#outcom partly', 'outcome', 'Unknown command #outcom; did you mean #outcome?'],
    ['#uitkomts', 'uitkomst', 'Unknown command #uitkomts; did you mean #uitkomst?'],
    ['#Notitei', 'notitie', 'Unknown command #Notitei; did you mean #notitie?'],
    ['#sluitne', 'sluiten', 'Unknown command #sluitne; did you mean #sluiten?'],
    ['#asign h1', 'assign', 'Unknown command #asign; did you mean #assign?'],
    ['#xyzzyqwv', null, 'Unknown command #xyzzyqwv.'],
  ])('%s → unknown-command, suggestion %s', (subject, suggestion, message) => {
    const typed = subject.split(' ')[0] ?? '';
    expect(errors(subject, BODY)).toEqual([{ code: 'unknown-command', command: typed.slice(1).toLowerCase(), typed, suggestion, message }]);
  });

  it.each([
    ['#assign', '#assign needs a person (id or name): #assign NAME'],
    ['#toewijzen RE: [PS-2026-0007]', '#toewijzen needs a person (id or name): #toewijzen NAAM'],
    ['#service', '#service needs a service name: #service NAME'],
    ['#outcome', '#outcome needs one of: founded, partly, unfounded'],
    ['#uitkomst', '#uitkomst needs one of: gegrond, deels, ongegrond'],
    ['#uitspraak', '#uitspraak needs one of: gegrond, deels, afgewezen'],
    ['#hearing', '#hearing needs a date and a time: #hearing DATE TIME [phone|office], e.g. #hearing 2026-03-14 10:30 phone'],
    ['#hearing 2026-03-14', '#hearing needs a date and a time: #hearing DATE TIME [phone|office], e.g. #hearing 2026-03-14 10:30 phone'],
  ])('%s → missing-argument', (subject, message) => {
    const [error] = errors(subject, BODY);
    expect(error).toEqual({ code: 'missing-argument', command: expect.any(String), typed: subject.split(' ')[0], message });
  });

  it.each([
    ['#outcome maybe', ['founded', 'partly', 'unfounded'], '#outcome needs one of: founded, partly, unfounded (not "maybe")'],
    ['#uitkomst misschien wel', ['gegrond', 'deels', 'ongegrond'], '#uitkomst needs one of: gegrond, deels, ongegrond (not "misschien wel")'],
    ['#decision partly founded', ['upheld', 'partly', 'rejected'], '#decision needs one of: upheld, partly, rejected (not "partly founded")'],
  ])('%s → invalid-argument', (subject, allowed, message) => {
    expect(errors(subject, BODY)).toEqual([{ code: 'invalid-argument', command: expect.any(String), typed: subject.split(' ')[0], allowed, message }]);
  });

  it.each([
    ['#reply', '', '#reply needs text in the body of the mail: the message for the customer.'],
    ['#antwoord', ' \n\t \r\n ', '#antwoord needs text in the body of the mail: the message for the customer.'],
    ['#inadmissible', '', '#inadmissible needs text in the body of the mail: the justification for the customer.'],
    [
      '#Uitkomst deels',
      '',
      '#uitkomst needs text in the body of the mail: the solution / reasoning for the outcome letter (changes to the service in a paragraph starting "Changes:").',
    ],
    ['#registreer', '', '#registreer needs text in the body of the mail: the customer contact, service and description.'],
    ['#note called the customer', '', '#note needs text in the body of the mail: the note. Text on the subject line after the command is not used.'],
  ])('%s with body %j → missing-body', (subject, body, message) => {
    expect(errors(subject, body)).toEqual([{ code: 'missing-body', command: expect.any(String), typed: subject.split(' ')[0], message }]);
  });
});

describe('#hearing', () => {
  it.each([
    ['2026-03-14 10:30 phone', '2026-03-14', '10:30', 'phone'],
    ['14-3-2026 10:30', '2026-03-14', '10:30', null],
    ['14/03/2026 10.30 office', '2026-03-14', '10:30', 'office'],
    ['1/2/2027 8:00 telefonisch', '2027-02-01', '08:00', 'phone'],
    ['10:30 2026-03-14 kantoor', '2026-03-14', '10:30', 'office'],
    ['op 14-3-2026 om 14:00u op kantoor', '2026-03-14', '14:00', 'office'],
    ['on 2026-03-14 at 14:00 at the office', '2026-03-14', '14:00', 'office'],
    ['29-2-2028, 23:59, by phone', '2028-02-29', '23:59', 'phone'],
  ])('#hearing %s', (args, date, time, mode) => {
    expect(ok(`#hearing ${args}`)[0]).toEqual({ name: 'hearing', typed: '#hearing', lang: 'en', date, time, mode, body: '' });
  });

  const FORMATS = ['YYYY-MM-DD', 'D-M-YYYY', 'D/M/YYYY'];
  it.each([
    ['#hearing 2026-02-30 10:00', FORMATS, '#hearing: "2026-02-30" is not a valid date; use YYYY-MM-DD, D-M-YYYY or D/M/YYYY'],
    ['#hoorzitting 29-2-2026 10:00', FORMATS, '#hoorzitting: "29-2-2026" is not a valid date; use YYYY-MM-DD, D-M-YYYY or D/M/YYYY'],
    ['#hearing 31/4/2026 10:00', FORMATS, '#hearing: "31/4/2026" is not a valid date; use YYYY-MM-DD, D-M-YYYY or D/M/YYYY'],
    ['#hearing 2026-03-14 25:00', ['HH:MM'], '#hearing: "25:00" is not a valid time; use HH:MM'],
    [
      '#hearing tomorrow 10:00',
      FORMATS,
      '#hearing: "tomorrow" is not a date; #hearing needs a date and a time: #hearing DATE TIME [phone|office], e.g. #hearing 2026-03-14 10:30 phone',
    ],
    ['#hearing 2026-03-14 10:00 video', ['phone', 'office'], '#hearing: "video" is not a way to meet; use one of: phone, office'],
    ['#hoorzitting 2026-03-14 10:00 teams', ['telefonisch', 'kantoor'], '#hoorzitting: "teams" is not a way to meet; use one of: telefonisch, kantoor'],
    ['#hearing 2026-03-14 2026-03-15 10:00', FORMATS, '#hearing: give one date, not "2026-03-14" and "2026-03-15"'],
  ])('%s → invalid-argument', (subject, allowed, message) => {
    expect(errors(subject)).toEqual([{ code: 'invalid-argument', command: 'hearing', typed: subject.split(' ')[0], allowed, message }]);
  });
});

describe('#heard', () => {
  it.each([
    ['#heard', null, null],
    ['#gehoord 2026-12-03', '2026-12-03', null],
    ['#gehoord 3-12-2026', '2026-12-03', null],
    ['#gehoord 03-12-2026 10:30', '2026-12-03', '10:30'],
    ['#gehoord op 3-12-2026 om 10.30u', '2026-12-03', '10:30'],
    ['#heard on 2026-12-03 at 9:05', '2026-12-03', '09:05'],
    ['#heard 14:00', null, '14:00'],
    ['#gehoord 3/12/2026,', '2026-12-03', null],
  ])('%s', (subject, date, time) => {
    const lang = subject.startsWith('#gehoord') ? 'nl' : 'en';
    expect(ok(subject)).toEqual([{ name: 'heard', typed: subject.split(' ')[0], lang, date, time }]);
  });

  it('means the heard event with the local date and time it was given, and nothing when none', () => {
    const means = commandDef('heard').means;
    if (typeof means !== 'function') throw new Error('#heard has a meaning');
    const ctx = { cfg: {} as never, now: new Date('2026-12-08T08:00:00Z') };
    const [dated] = ok('#gehoord 3-12-2026 10:30') as [Extract<ParsedCommand, { name: 'heard' }>];
    expect(means(dated, ctx)).toEqual({ ok: true, event: { type: 'heard', date: '2026-12-03', time: '10:30' } });
    const [bare] = ok('#gehoord') as [Extract<ParsedCommand, { name: 'heard' }>];
    expect(means(bare, ctx)).toEqual({ ok: true, event: { type: 'heard' } });
  });

  const FORMATS = ['YYYY-MM-DD', 'D-M-YYYY', 'D/M/YYYY'];
  it.each([
    ['#gehoord 31-11-2026', FORMATS, '#gehoord: "31-11-2026" is not a valid date; use YYYY-MM-DD, D-M-YYYY or D/M/YYYY'],
    ['#heard 2026-12-03 24:00', ['HH:MM'], '#heard: "24:00" is not a valid time; use HH:MM'],
    ['#gehoord gisteren', FORMATS, '#gehoord: "gisteren" is not a date; write #gehoord alone (now) or #gehoord [DATUM [TIJD]], e.g. #gehoord 2026-12-03 10:30'],
    ['#heard 2026-12-03 2026-12-04', FORMATS, '#heard: give one date, not "2026-12-03" and "2026-12-04"'],
  ])('%s → invalid-argument', (subject, allowed, message) => {
    expect(errors(subject)).toEqual([{ code: 'invalid-argument', command: 'heard', typed: subject.split(' ')[0], allowed, message }]);
  });
});

describe('#register body', () => {
  it('reads the English fields and keeps the rest as description', () => {
    const body = [
      'Name: Ann Smith',
      'Email: Ann Smith <Ann.Smith@Example.NL>',
      'Phone: +31 6 1234 5678',
      'Service: Pentest',
      'Channel: contact person',
      'Date: 2026-03-02',
      '',
      'The report arrived two weeks late.',
      'Subject: nobody told us.',
    ].join('\n');
    expect(ok('#register', body)).toEqual([
      {
        name: 'register',
        typed: '#register',
        lang: 'en',
        body,
        customer: { name: 'Ann Smith', email: 'ann.smith@example.nl', phone: '+31 6 1234 5678' },
        service: 'Pentest',
        channel: 'contact-person',
        date: '2026-03-02',
        description: 'The report arrived two weeks late.\nSubject: nobody told us.',
      },
    ]);
  });

  it('reads the Dutch fields, list items, a description label; missing fields are null', () => {
    const body =
      '- Naam: Piet Jansen\n* E-mail: mailto:piet@example.nl\nKanaal: Doorgestuurd\nDatum: 2/3/2026\nTelefoon:\nOmschrijving: Rapport te laat.\nGraag contact.';
    expect(ok('#Registreer', body)[0]).toMatchObject({
      customer: { name: 'Piet Jansen', email: 'piet@example.nl', phone: null },
      service: null,
      channel: 'forwarded',
      date: '2026-03-02',
      description: 'Rapport te laat.\nGraag contact.',
    });
  });

  it('takes only the first of a repeated field; the repeat stays in the description', () => {
    expect(ok('#register', 'Service: Pentest\nService: Audit')[0]).toMatchObject({
      service: 'Pentest',
      description: 'Service: Audit',
    });
  });

  it.each([
    ['telefoon', 'phone'],
    ['telefonisch', 'phone'],
    ['Phone', 'phone'],
    ['contactpersoon', 'contact-person'],
    ['Contact person', 'contact-person'],
    ['forwarded.', 'forwarded'],
  ])('channel %s → %s', (word, channel) => {
    expect(ok('#register', `Channel: ${word}\nx`)[0]).toMatchObject({ channel });
  });

  it.each([
    ['#register', 'Email: ann@', ['name@example.nl'], '#register: "ann@" is not a valid e-mail address'],
    [
      '#registreer',
      'Kanaal: fax',
      ['telefoon', 'contactpersoon', 'doorgestuurd'],
      '#registreer: channel "fax" is not one of: telefoon, contactpersoon, doorgestuurd',
    ],
    [
      '#register',
      'Date: 31-2-2026',
      ['YYYY-MM-DD', 'D-M-YYYY', 'D/M/YYYY'],
      '#register: "31-2-2026" is not a valid date; use YYYY-MM-DD, D-M-YYYY or D/M/YYYY',
    ],
  ])('%s %j → invalid-argument', (subject, body, allowed, message) => {
    expect(errors(subject, body)).toEqual([{ code: 'invalid-argument', command: 'register', typed: subject, allowed, message }]);
  });
});

describe('registry', () => {
  it('has one def per command, unique names and aliases, each alias finding its own def', () => {
    expect(commandDefs).toHaveLength(21);
    expect(new Set(commandDefs.map((d) => d.name)).size).toBe(21);
    for (const def of commandDefs) {
      expect(lookupCommand(def.aliases.en)?.def).toBe(def);
      expect(lookupCommand(def.aliases.nl)?.def).toBe(def);
      expect(commandDef(def.name)).toBe(def);
    }
    const aliases = commandDefs.flatMap((d) => [...new Set([d.aliases.en, d.aliases.nl])]);
    expect(new Set(aliases).size).toBe(aliases.length);
  });

  it('#datum DATE: the date of the problem, day first or ISO; an impossible day is refused', () => {
    expect(parseCommands({ subject: 'Re: [PS-2026-0001] #datum 3-11-2026', body: '' })).toMatchObject({
      ok: true,
      commands: [{ name: 'date', date: '2026-11-03' }],
    });
    expect(parseCommands({ subject: '#date 2026-11-03', body: '' })).toMatchObject({ ok: true, commands: [{ name: 'date', date: '2026-11-03' }] });
    expect(errors('#datum 31-4-2026', '')).toMatchObject([{ code: 'invalid-argument', command: 'date' }]);
    expect(errors('#datum', '')).toMatchObject([{ code: 'missing-argument', command: 'date' }]);
  });

  it('marks only #noobjection and #decision as managers-only', () => {
    expect(commandDefs.filter((d) => d.role === 'manager').map((d) => d.name)).toEqual(['no-objection', 'decision']);
    expect(lookupCommand('geenbezwaar')?.def.name).toBe('no-objection');
    expect(lookupCommand('no-objection')?.def.name).toBe('no-objection');
  });

  it('writes a help line per command in each language', () => {
    const en = commandDefs.map((d) => commandHelp(d.name, 'en'));
    const nl = commandDefs.map((d) => commandHelp(d.name, 'nl'));
    expect(en).toHaveLength(21);
    expect(en).toContain('#outcome founded|partly|unfounded — send the outcome letter (body: solution/reasoning/service changes)');
    expect(en).toContain(
      "#decision upheld|partly|rejected — send management's written decision on the objection (body: decision and reasoning) [managers only]",
    );
    expect(nl).toContain('#uitkomst gegrond|deels|ongegrond — verstuur de uitkomstbrief (tekst: oplossing/onderbouwing/aanpassingen van de dienst)');
    expect(nl.find((l) => l.startsWith('#uitspraak '))).toMatch(/^#uitspraak gegrond\|deels\|afgewezen — .* \[alleen directie\]$/u);
    expect(nl.find((l) => l.startsWith('#hoorzitting '))).toMatch(/^#hoorzitting DATUM TIJD \[telefonisch\|kantoor\] — /u);
  });
});

describe('closest', () => {
  it('counts an adjacent swap as one edit', () => {
    expect(damerauLevenshtein('uitkomts', 'uitkomst')).toBe(1);
    expect(damerauLevenshtein('outcom', 'outcome')).toBe(1);
    expect(damerauLevenshtein('', 'abc')).toBe(3);
    expect(damerauLevenshtein('kitten', 'sitting')).toBe(3);
  });

  it('returns null beyond the maximum distance, the first candidate on a tie', () => {
    expect(closest('abcdefg', ['note', 'info'])).toBeNull();
    expect(closest('nofe', ['note', 'nofo'])).toBe('note');
  });
});
