import { parentPort } from 'node:worker_threads';
import { simpleParser } from 'mailparser';
import { normalise } from './normalise.js';
import type { ParsedMessage } from './types.js';

/**
 * The parse worker: mailparser runs here so a hostile mail (a huge address header, thousands of
 * parts) can only stall this thread, which the main thread terminates when its budget runs out.
 */
export interface ParseRequest {
  id: number;
  raw: Uint8Array;
}

export type ParseReply = { id: number; ok: true; msg: ParsedMessage; headerLineCount: number } | { id: number; ok: false; error: string };

/** One mail after the other, in the order given: the main thread times each from when the one before is answered. */
let queue: Promise<void> = Promise.resolve();

parentPort?.on('message', (req: ParseRequest) => {
  queue = queue.then(() => parseOne(req));
});

async function parseOne(req: ParseRequest): Promise<void> {
  const raw = Buffer.from(req.raw.buffer, req.raw.byteOffset, req.raw.byteLength);
  let reply: ParseReply;
  try {
    const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipHtmlToText: true, maxHtmlLengthToParse: 2 * 1024 * 1024 });
    reply = { id: req.id, ok: true, msg: normalise(parsed), headerLineCount: parsed.headerLines.length };
  } catch (err) {
    reply = { id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(reply);
}
