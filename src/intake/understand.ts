import type { ParsedMessage } from '../parse/types.js';
import { detectLanguage } from '../text/language.js';
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

/** The pure reading of a mail's body: new text vs quote and signature, language, phone. */
export function understand(msg: ParsedMessage, fallback: Language): Understood {
  const parts = splitReply(msg.text);
  const newText = parts.newText || msg.text.trim();
  return {
    newText,
    quoted: parts.quoted,
    signature: parts.signature,
    language: detectLanguage(`${msg.subject}\n${newText}`, fallback),
    phone: extractPhone(parts.signature) ?? extractPhone(newText),
  };
}
