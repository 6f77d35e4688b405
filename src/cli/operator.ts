import { userInfo } from 'node:os';

/**
 * Who runs the command, for what an operator's action records (`outbox cancel`, `quarantine
 * discard`): $COMPLAINTDESK_OPERATOR when set (a shared service account), else the login name.
 */
export function operatorName(): string {
  const named = process.env.COMPLAINTDESK_OPERATOR?.trim();
  if (named) return named;
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown operator';
  }
}
