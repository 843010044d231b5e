/**
 * The slice of LOC's HTTP agent client the GraFx modules use (`HttpAgent.acquire(name)` gives one),
 * and the timeouts around it. Tests pass a fake that answers web `Response`s.
 */
import { stripUrlQueries } from "../redact";

export interface HttpClient {
  /**
   * Like web `fetch`, but `input` is a PATH: the agent configuration (set in LOC, not in code) holds
   * the host and path prefix it is appended to. A full URL throws on LOC.
   */
  fetch(input: string, init?: RequestInit): Promise<Response>;
}

export class TimeoutError extends Error {
  override name = "TimeoutError";
}

/** When every request of the execution is cut, whatever its own timers say (see ../time-budget). */
export interface HardStop {
  /** Epoch ms. */
  stopAt: number;
  now: () => number;
}

/**
 * An abort signal that fires when `timeoutMs` passes without `touch()` (an idle timeout: a long
 * download that keeps delivering bytes is not cut by it, a stalled one is), and in any case at the
 * hard stop, so no request outlives the execution's time budget.
 */
export function idleTimeout(timeoutMs: number, hardStop?: HardStop): { signal: AbortSignal; touch(): void; clear(): void } {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let hardTimer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => controller.abort(new TimeoutError(`no answer within ${Math.round(timeoutMs / 1000)} s`));
  const touch = () => {
    if (timer !== undefined) clearTimeout(timer);
    if (!controller.signal.aborted) timer = setTimeout(fire, timeoutMs);
  };
  if (hardStop) {
    const stop = () =>
      controller.abort(new TimeoutError("stopped at the end of the execution's time budget (TIME_BUDGET_SECONDS + REQUEST_TIMEOUT_SECONDS)"));
    const left = hardStop.stopAt - hardStop.now();
    if (left <= 0) stop();
    else hardTimer = setTimeout(stop, left);
  }
  touch();
  return {
    signal: controller.signal,
    touch,
    clear: () => {
      clearTimeout(timer);
      clearTimeout(hardTimer);
    },
  };
}

/** A thrown fetch or stream error as one safe line: what happened, no URL query strings. */
export function describeNetworkError(error: unknown, signal?: AbortSignal): string {
  const reason = signal?.aborted ? signal.reason : error;
  if (reason instanceof TimeoutError) return `timed out: ${reason.message}`;
  const message = reason instanceof Error ? `${reason.message}${causeText(reason)}` : String(reason);
  return `network error: ${stripUrlQueries(message)}`;
}

function causeText(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error && cause.message !== error.message ? ` (${cause.message})` : "";
}

/** Reads the body as text, at most `maxChars` of it, releasing the rest. */
export async function readTextPrefix(response: Response, maxChars: number): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    while (text.length < maxChars) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      text += decoder.decode(value, { stream: true });
    }
    return `${text.slice(0, maxChars)}…`;
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** Discards a body we do not need, so the host can release the connection. */
export async function discardBody(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}
