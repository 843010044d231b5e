/**
 * When and how long to retry: capped exponential backoff with jitter, `Retry-After` honoured.
 * The clock, the randomness and the sleep are injected so the policy is tested without waiting.
 */

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A longer Retry-After is not waited for: the caller reports it instead. */
  maxRetryAfterMs: number;
}

export interface RetryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** In [0, 1). */
  random(): number;
}

export const systemClock: RetryClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

export type Attempt<T, F> =
  | { ok: true; value: T }
  | {
      ok: false;
      failure: F;
      retryable: boolean;
      /** What the server asked for (Retry-After), or 0 to retry at once (e.g. after a token refresh). */
      retryAfterMs?: number;
    };

export type RetryOutcome<T, F> =
  | { ok: true; value: T; attempts: number }
  | { ok: false; failure: F; attempts: number; retryAfterMs?: number };

/**
 * The wait before retry number `retry` (1 = the first retry): "equal jitter", half of the capped
 * exponential step fixed and half random, so concurrent orders spread out but never retry at once.
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/** A `Retry-After` header (delay seconds or HTTP date) as milliseconds from now; undefined if absent or bad. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its weekday and month; bare numbers like "-1" are not dates.
  const date = /[a-z]{3}/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * Runs `attempt` until it succeeds, fails for good, runs out of attempts, or the next wait would
 * pass `deadline` (epoch ms) or exceed the policy's longest Retry-After.
 */
export async function withRetries<T, F>(
  attempt: (attemptNumber: number) => Promise<Attempt<T, F>>,
  policy: RetryPolicy,
  clock: RetryClock = systemClock,
  deadline = Number.POSITIVE_INFINITY,
): Promise<RetryOutcome<T, F>> {
  for (let attempts = 1; ; attempts++) {
    const result = await attempt(attempts);
    if (result.ok) return { ok: true, value: result.value, attempts };
    const { failure, retryable, retryAfterMs } = result;
    const giveUp = { ok: false as const, failure, attempts, retryAfterMs };
    if (!retryable || attempts >= policy.maxAttempts) return giveUp;
    if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) return giveUp;
    const delay = retryAfterMs ?? backoffDelayMs(attempts, policy, clock.random);
    if (clock.now() + delay > deadline) return giveUp;
    if (delay > 0) await clock.sleep(delay);
  }
}
