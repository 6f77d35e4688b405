/**
 * The guards as the guard tests call them, each answer worked out both ways and checked equal:
 * as ingest did on the main thread before issue 14 (parseBounce, detectAutomatic, understand) and
 * as it does now, from the parse worker's analysis (src/ingest/analyse.ts) after a structured
 * clone, as the worker's reply arrives. The tests then judge the answer as before, so every input
 * they write also proves the move changed nothing.
 */
import { expect } from 'vitest';
import * as automatic from '../../src/guards/automatic.js';
import * as bounce from '../../src/guards/bounce.js';
import { analyseMail, analysisOf, bodyReading } from '../../src/ingest/analyse.js';
import { understand, understood } from '../../src/intake/understand.js';
import type { ParsedMessage } from '../../src/parse/types.js';

export { BOUNCE_SCAN_BYTES, type BounceReport } from '../../src/guards/bounce.js';
export { detectOutOfOfficeSubject, isDeliverySystemAddress, type AutomaticPolicy, type AutomaticReason } from '../../src/guards/automatic.js';

/** The analysis as the main thread receives it from the worker. */
function received(msg: ParsedMessage, raw: Buffer) {
  const analysis = analysisOf({ ok: true, msg, analysis: structuredClone(analyseMail(msg, raw)) });
  expect(analysis).not.toBeNull();
  return analysis!;
}

export function parseBounce(msg: ParsedMessage, raw: Buffer): bounce.BounceReport | null {
  const before = bounce.parseBounce(msg, raw);
  const analysis = received(msg, raw);
  expect(analysis.bounce).toStrictEqual(before);
  // The same mails say what understand() reads, with either tenant language.
  for (const fallback of ['nl', 'en'] as const) expect(understood(bodyReading(analysis, msg), fallback)).toStrictEqual(understand(msg, fallback));
  return before;
}

export function detectAutomatic(msg: ParsedMessage, policy: automatic.AutomaticPolicy): automatic.AutomaticVerdict {
  const before = automatic.detectAutomatic(msg, policy);
  const mailRules = structuredClone(automatic.mailRulesVerdict(msg, policy.loopHeader));
  expect(automatic.detectAutomatic(msg, policy, mailRules)).toStrictEqual(before);
  return before;
}
