/**
 * What a customer's subject line says the complaint is about, for a letter that mentions it
 * ("uw klacht over "Rapportage pentest te laat""). Many subjects say nothing more than that it
 * is a complaint — "Klacht", "Re: klacht", "Mijn klacht!", "(geen onderwerp)" — and quoting those
 * as if they were a title reads oddly ("uw klacht "Klacht""): then there is no topic and the
 * letter names the complaint by its date and reference instead.
 */

/** Reply and forward prefixes, as many as are stacked ("Re: Fwd: AW:"). */
const REPLY_PREFIX = /^(?:(?:re|fw|fwd|aw|wg|antw|doorst|tr|sv|vs)(?:\[\d+\])?\s*:\s*)+/iu;
/** Our own reference token and other bracketed tags ("[PS-2026-0007]", "[EXTERN]"). */
const BRACKETED = /\[[^\]]{0,40}\]/gu;
/** "Klacht: …", "Klacht over …", "Complaint regarding …": the generic head before the real topic. */
const GENERIC_HEAD =
  /^(?:(?:mijn|een|onze|nieuwe|formele|my|a|an|our|new|formal)\s+)*(?:klacht|complaint|bezwaar|objection|vraag|question|melding)(?:\s*[:\-–—]\s*|\s+(?:over|about|regarding|re|betreft|inzake|m\.b\.t\.|mbt|omtrent|aangaande|concerning|on)\s+)/iu;

/** Words that, alone or together, only say "this is a complaint / a message". */
const GENERIC_WORDS = new Set([
  'klacht',
  'klachten',
  'complaint',
  'complaints',
  'bezwaar',
  'objection',
  'vraag',
  'vragen',
  'question',
  'questions',
  'probleem',
  'problemen',
  'problem',
  'issue',
  'melding',
  'bericht',
  'message',
  'mail',
  'email',
  'e',
  'onderwerp',
  'subject',
  'geen',
  'no',
  'info',
  'informatie',
  'information',
  'hallo',
  'hello',
  'hi',
  'help',
  'hulp',
  'urgent',
  'dringend',
  'contact',
  'feedback',
  'reactie',
  'support',
  'ontevreden',
  'mijn',
  'een',
  'onze',
  'de',
  'het',
  'nieuwe',
  'formele',
  'my',
  'a',
  'an',
  'our',
  'the',
  'new',
  'formal',
  'ingediend',
  'indienen',
  'over',
  'about',
  'regarding',
  'betreft',
  'inzake',
  'aan',
  'to',
  'voor',
  'for',
  'u',
  'jullie',
  'you',
]);

/** The subject's topic, or null when it says no more than "complaint" (or is empty). */
export function subjectTopic(subject: string): string | null {
  let s = subject
    // eslint-disable-next-line no-control-regex -- header text: control characters become spaces
    .replace(/[\u0000-\u001f\u007f]+/gu, ' ')
    .replace(BRACKETED, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  s = s.replace(REPLY_PREFIX, '').trim();
  const head = GENERIC_HEAD.exec(s);
  if (head && head[0].length < s.length) s = s.slice(head[0].length).trim();
  const words = s
    .toLowerCase()
    .replace(/[()!?.,:;"'`“”‘’«»*_–—-]+/gu, ' ')
    .split(/\s+/u)
    .filter((w) => w !== '');
  if (words.length === 0 || words.every((w) => GENERIC_WORDS.has(w))) return null;
  return s;
}
