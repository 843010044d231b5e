/**
 * What one call to GraFx came to, before any retry: a value, a refused token (the caller refreshes
 * it once), or a failure that may or may not be worth retrying.
 */
import { parseRetryAfter } from "../http/retry";
import type { FailureReason } from "../status/status-policy";

export interface Failure {
  reason: FailureReason;
  /** Safe to show: never a token or a signed URL. */
  message: string;
  /** When GraFx asked us to come back (rate limit), in seconds. */
  retryAfterSeconds?: number;
}

export type CallResult<T> =
  | { kind: "ok"; value: T }
  | { kind: "unauthorized"; message: string }
  | { kind: "failed"; failure: Failure; retryable: boolean; retryAfterMs?: number };

export function failed(reason: FailureReason, message: string, retryable: boolean, retryAfterMs?: number): CallResult<never> {
  const failure: Failure = { reason, message };
  if (retryAfterMs !== undefined) failure.retryAfterSeconds = Math.ceil(retryAfterMs / 1000);
  return retryAfterMs === undefined ? { kind: "failed", failure, retryable } : { kind: "failed", failure, retryable, retryAfterMs };
}

/**
 * The answers every GraFx call shares: 429 rate limit, gateway and availability errors (retried),
 * a refused token. `undefined` for the codes the caller interprets itself.
 */
export function commonStatusResult(response: Response, what: string, nowMs: number): CallResult<never> | undefined {
  const { status } = response;
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), nowMs);
  if (status === 401 || status === 403) return { kind: "unauthorized", message: `${what}: GraFx refused the token (${status})` };
  if (status === 429) return failed("rate-limited", `${what}: rate limited by GraFx (429)`, true, retryAfterMs);
  if (status === 408 || status === 502 || status === 503 || status === 504) {
    return failed("unreachable", `${what}: GraFx unavailable (${status})`, true, retryAfterMs);
  }
  return undefined;
}
