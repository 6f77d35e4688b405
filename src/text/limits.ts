/**
 * How much of a mail's text the analysis reads (issue 9, "pathological but legal text"). Reply
 * splitting, signature and phone detection, language, service and objection matching run on the
 * main thread inside the store transaction, so each must be linear and bounded whatever a sender
 * writes: a 2 MB line of phone-like tokens or of "> " markers is legal mail. Only what is
 * analysed is capped; the full text is stored untouched, and so is the new text derived from it.
 */

/**
 * Reply splitting reads lines, and phone, service and objection matching read text, in no more
 * than this prefix of the text (UTF-16 code units). A typed complaint is a few KB; 64 KB is some
 * fifteen pages, past which comes pasted logs or history. Every analysis is linear, so this keeps
 * the worst shape at a few milliseconds per mail however large the mail.
 */
export const ANALYSIS_MAX_CHARS = 64 * 1024;

/**
 * Reply splitting also reads the lines in this last stretch of a longer text, where a signature
 * and an answer below a long quoted thread stand (UTF-16 code units). Between the two stretches
 * the text is not read line by line: it takes the part its surroundings say.
 */
export const ANALYSIS_TAIL_CHARS = 16 * 1024;

/**
 * Lines longer than this are prose: separators, attributions, closings and signature lines are
 * short by nature, so the patterns that recognise them (some of which backtrack) never run on
 * longer lines. Header fields ("To:" with fifty recipients) are recognised by their first
 * HEADER_PROBE_CHARS instead.
 */
export const ANALYSIS_MAX_LINE_CHARS = 1000;

/** A header field's name sits at the start of its line: "From:", "**Van:**". */
export const HEADER_PROBE_CHARS = 100;
