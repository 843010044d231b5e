/**
 * Runs one GraFx call with the retry policy: transient failures are retried with backoff. With the
 * execution's token (`grafx-api` calls), a refused token is refreshed once and the call repeated at
 * once; without it (another download host), a refusal is the answer.
 */
import { withRetries, type RetryClock, type RetryPolicy } from "../http/retry";
import type { CallResult, Failure } from "./call-result";
import type { TokenSource } from "./token-source";

export interface CallContext {
  tokens: TokenSource;
  policy: RetryPolicy;
  clock: RetryClock;
  /** Epoch ms: no retry waits past it. */
  deadline: number;
  /** Epoch ms: every request still running is cut here. */
  stopAt: number;
}

export type CallOutcome<T> = { ok: true; value: T } | { ok: false; failure: Failure };

export async function callWithToken<T>(context: CallContext, call: (token: string) => Promise<CallResult<T>>): Promise<CallOutcome<T>> {
  const outcome = await withRetries<T, Failure>(
    async () => {
      let token = await context.tokens.token();
      // A refused token is refreshed (once per execution, shared by all orders) and the call
      // repeated within the same attempt; the bound only guards against a misbehaving source.
      for (let refusals = 0; refusals < 3; refusals++) {
        if (!token.ok) return { ok: false, failure: token.failure, retryable: false };
        const result = await call(token.token);
        if (result.kind === "ok") return { ok: true, value: result.value };
        if (result.kind === "failed") {
          return { ok: false, failure: result.failure, retryable: result.retryable, retryAfterMs: result.retryAfterMs };
        }
        token = await context.tokens.refresh(token.token);
      }
      return { ok: false, failure: { reason: "credentials-refused", message: "GraFx keeps refusing the token" }, retryable: false };
    },
    context.policy,
    context.clock,
    context.deadline,
  );
  return outcome.ok ? { ok: true, value: outcome.value } : { ok: false, failure: outcome.failure };
}

/** A call that carries no token: retried like the others, never refreshing anything. */
export async function callWithoutToken<T>(context: Omit<CallContext, "tokens">, call: () => Promise<CallResult<T>>): Promise<CallOutcome<T>> {
  const outcome = await withRetries<T, Failure>(
    async () => {
      const result = await call();
      if (result.kind === "ok") return { ok: true, value: result.value };
      if (result.kind === "unauthorized") return { ok: false, failure: { reason: "bad-response", message: result.message }, retryable: false };
      return { ok: false, failure: result.failure, retryable: result.retryable, retryAfterMs: result.retryAfterMs };
    },
    context.policy,
    context.clock,
    context.deadline,
  );
  return outcome.ok ? { ok: true, value: outcome.value } : { ok: false, failure: outcome.failure };
}
