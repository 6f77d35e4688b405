import type { ParsedMessage } from '../parse/types.js';
import { guessLanguage } from '../text/language.js';
import { extractPhone, splitReply } from '../text/newText.js';
import type { Language } from '../text/language.js';

export interface Understood {
  /** What the sender newly wrote: no quoted history, no signature. Falls back to the full text. */
  newText: string;
  quoted: string;
  signature: string;
  language: Language;
  /** A phone number from the signature (or, failing that, the new text). */
  phone: string | null;
}

/**
 * All of Understood that depends on the mail alone: the language is null where the text does not
 * tell (too short or mixed) and the tenant's language decides. Plain data, so the parse worker
 * can work it out and send it back (src/ingest/analyse.ts).
 */
export interface BodyReading {
  newText: string;
  quoted: string;
  signature: string;
  language: Language | null;
  phone: string | null;
}

/** The pure reading of a mail's body: new text vs quote and signature, language, phone. */
export function understand(msg: ParsedMessage, fallback: Language): Understood {
  return understood(readBody(msg), fallback);
}

/** Everything understand() reads from the mail before the tenant's language is needed. */
export function readBody(msg: ParsedMessage): BodyReading {
  const parts = splitReply(msg.text);
  const newText = parts.newText || msg.text.trim();
  return {
    newText,
    quoted: parts.quoted,
    signature: parts.signature,
    language: guessLanguage(`${msg.subject}\n${newText}`),
    phone: extractPhone(parts.signature) ?? extractPhone(newText),
  };
}

/** A mail's reading completed with the tenant's language where the text did not tell. */
export function understood(r: BodyReading, fallback: Language): Understood {
  return { newText: r.newText, quoted: r.quoted, signature: r.signature, language: r.language ?? fallback, phone: r.phone };
}
