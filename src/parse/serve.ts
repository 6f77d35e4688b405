import { parentPort } from 'node:worker_threads';
import { simpleParser } from 'mailparser';
import { normalise } from './normalise.js';
import type { ParsedMessage } from './types.js';

/**
 * The parse worker's side: mailparser runs here so a hostile mail (a huge address header,
 * thousands of parts) can only stall this thread, which the main thread terminates when its budget
 * runs out. A worker entry file calls serveParseRequests once: src/parse/worker.ts parses only;
 * a later layer may add an analysis of the parsed mail (src/ingest/analyseWorker.ts), which then
 * runs within the same budget and heap caps.
 */
export interface ParseRequest {
  id: number;
  raw: Uint8Array;
}

/** `analysis`: what the entry's analyse function returned for the mail (structured-clone data), absent without one. */
export type ParseReply = { id: number; ok: true; msg: ParsedMessage; headerLineCount: number; analysis?: unknown } | { id: number; ok: false; error: string };

/** Works something out from a parsed mail and its raw bytes, in the worker; must return plain data. */
export type AnalyseParsed = (msg: ParsedMessage, raw: Buffer) => unknown;

/** Answer the main thread's parse requests, one mail after the other, in the order given. */
export function serveParseRequests(analyse?: AnalyseParsed): void {
  // The main thread times each mail from when the one before is answered.
  let queue: Promise<void> = Promise.resolve();
  parentPort?.on('message', (req: ParseRequest) => {
    queue = queue.then(() => parseOne(req, analyse));
  });
}

async function parseOne(req: ParseRequest, analyse: AnalyseParsed | undefined): Promise<void> {
  const raw = Buffer.from(req.raw.buffer, req.raw.byteOffset, req.raw.byteLength);
  let reply: ParseReply;
  try {
    const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipHtmlToText: true, maxHtmlLengthToParse: 2 * 1024 * 1024 });
    const msg = normalise(parsed);
    reply = { id: req.id, ok: true, msg, headerLineCount: parsed.headerLines.length };
    if (analyse) reply.analysis = analysed(analyse, msg, raw);
  } catch (err) {
    reply = { id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(reply);
}

/**
 * A fault in the analysis is not a parse failure: the mail goes back without it, the main thread
 * works the analysis out itself and meets the same fault where it has always been reported.
 */
function analysed(analyse: AnalyseParsed, msg: ParsedMessage, raw: Buffer): unknown {
  try {
    return analyse(msg, raw);
  } catch {
    return undefined;
  }
}
