/** How the mail sender treats a failed attempt. */
export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

export type AttemptOutcome =
  | { status: "pending"; retryInMs: number }
  | { status: "failed"; reason: "permanent" | "attempts_exhausted" };

/**
 * Exponential backoff with "equal jitter": half the delay is fixed and half random, so replicas
 * that failed together do not retry together, yet no retry comes sooner than half the step.
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

/**
 * After `attempts` tries (this one included): a permanent refusal (an SMTP 5xx reply: unknown
 * mailbox, policy rejection) is not retried; anything else (connection refused, timeout, 4xx) is,
 * until the attempts run out.
 */
export function afterFailure(
  attempts: number,
  permanent: boolean,
  policy: RetryPolicy,
  random = Math.random,
): AttemptOutcome {
  if (permanent) return { status: "failed", reason: "permanent" };
  if (attempts >= policy.maxAttempts) return { status: "failed", reason: "attempts_exhausted" };
  return { status: "pending", retryInMs: retryDelayMs(attempts, policy, random) };
}

/** SMTP reply codes 500–599 are permanent (RFC 5321 §4.2.1); no reply code means no answer. */
export const isPermanentSmtpFailure = (responseCode: number | undefined): boolean =>
  responseCode !== undefined && responseCode >= 500 && responseCode < 600;
