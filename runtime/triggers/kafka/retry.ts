import { describeError, type TriggerLog } from "../api-route/trigger-log";
import { backoffDelay, type BackoffPolicy } from "./backoff";

/** Waits `ms`; resolves false at once when the signal aborts (so shutdown never waits on a backoff). */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Resolves when the signal aborts, or at once when it already has. */
export function whenAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}

export interface RetryOptions {
  backoff: BackoffPolicy;
  signal: AbortSignal;
  log: TriggerLog;
  /** The log line's message and fields for each failure. */
  failure: { msg: string; [field: string]: unknown };
  /** Give up after this many attempts; default: until the signal aborts. */
  maxAttempts?: number;
}

/**
 * Runs `operation` until it succeeds, logging each failure as one line (no stack) and waiting with
 * capped exponential backoff. Resolves `{ ok: false }` when aborted or out of attempts.
 */
export async function retryUntilDone<T>(operation: () => Promise<T>, { backoff, signal, log, failure, maxAttempts = Infinity }: RetryOptions): Promise<{ ok: true; value: T } | { ok: false }> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return { ok: true, value: await operation() };
    } catch (error) {
      if (signal.aborted) return { ok: false };
      const lastAttempt = attempt >= maxAttempts;
      const retryInMs = backoffDelay(attempt, backoff);
      log({ level: "warn", ...failure, attempt, ...(lastAttempt ? { givingUp: true } : { retryInMs }), error: describeError(error) });
      if (lastAttempt || !(await sleepUnlessAborted(retryInMs, signal))) return { ok: false };
    }
  }
}
