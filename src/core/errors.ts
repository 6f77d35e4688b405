/**
 * The one catalogue of error codes. Expected outcomes (a skipped duplicate, a quarantined mail)
 * are return values; these codes are for real faults, thrown as ComplaintdeskError with a cause.
 */
export const ErrorCodes = {
  CONFIG_INVALID: 'config-invalid',
  CONFIG_MISSING_ENV: 'config-missing-env',
  CONFIG_UNREADABLE: 'config-unreadable',
  SECRET_MISSING: 'secret-missing',
  STORE_MIGRATION: 'store-migration',
  TEMPLATE_MISSING: 'template-missing',
  IMAP_TIMEOUT: 'imap-timeout',
  PARSE_TIMEOUT: 'parse-timeout',
  DATA_DIR_LOCKED: 'data-dir-locked',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export class ComplaintdeskError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ComplaintdeskError';
    this.code = code;
  }
}

/** Why a mail went to quarantine instead of being processed. */
export const QuarantineReasons = {
  TOO_LARGE: 'too-large',
  HEADERS_TOO_LARGE: 'headers-too-large',
  PARSE_FAILED: 'parse-failed',
  PARSE_TIMEOUT: 'parse-timeout',
  PARSE_TRUNCATED: 'parse-truncated',
  NO_SENDER: 'no-sender',
  PROCESSING_FAILED: 'processing-failed',
} as const;

export type QuarantineReason = (typeof QuarantineReasons)[keyof typeof QuarantineReasons];

/**
 * Retry a send later (network, 4xx) or give up (5xx: the recipient's server refused it)?
 * Authentication failures (530/534/535/538, EAUTH) are our own configuration's fault, not the
 * recipient's: they are retried, so fixing the password sends the waiting mail.
 */
export function isTemporarySendError(err: unknown): boolean {
  const e = err as { responseCode?: number; code?: string } | null;
  if (e?.code === 'EAUTH') return true;
  if (e && typeof e.responseCode === 'number') return e.responseCode < 500 || [530, 534, 535, 538].includes(e.responseCode);
  // No SMTP response at all: connection refused, DNS, timeout, TLS. Worth retrying.
  return true;
}
