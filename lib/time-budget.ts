/**
 * How long one execution may keep working, so it ends inside LOC's execution timeout (180 s by
 * default) with its result set, instead of being cut off with a bare 202.
 *
 * The clock starts when `read-orders` starts (recorded in the work set). With the defaults:
 *
 *     0 s … 120 s   TIME_BUDGET_SECONDS: orders start, and retry waits (backoff, Retry-After) end,
 *                   only before the deadline; an order not started by then stays pending.
 *   120 s … 150 s   + REQUEST_TIMEOUT_SECONDS: requests under way finish, and no retry follows them
 *                   (no wait ends past the deadline). Every request still running (token, status,
 *                   download) is cut at `stopAt` whatever its own timers say — a download that keeps
 *                   trickling included — so `MAX_ATTEMPTS × REQUEST_TIMEOUT_SECONDS` never runs past it.
 *   150 s … 180 s   30 s margin: writing the last files and the outcomes, the aggregator, and LOC
 *                   starting each logic.
 *
 *   120 + 30 + 30 = 180 s. Raise TIME_BUDGET_SECONDS only together with the data process's timeout
 *   (at most 300 s on LOC), keeping TIME_BUDGET_SECONDS + REQUEST_TIMEOUT_SECONDS + 30 ≤ timeout.
 *
 * The execution's lease on its orders (see ../orders/pending-store) ends with the margin, at
 * 180 s: by then this execution no longer works on them (or LOC has stopped it), so another
 * execution may take them over; an execution that crashed holds them no longer than that.
 */
import type { Settings } from "./settings";

/** The last phase: the last file writes, the outcomes, the aggregator. */
export const FINISH_MARGIN_MS = 30_000;

export interface TimeBudget {
  /** Epoch ms: no order starts and no retry wait ends after it. */
  deadline: number;
  /** Epoch ms: every request still running is cut here. */
  stopAt: number;
  /** Epoch ms: the execution's leases on its orders end here (`stopAt` + FINISH_MARGIN_MS). */
  leaseUntil: number;
}

export function timeBudget(startedAt: number, settings: Pick<Settings, "timeBudgetMs" | "requestTimeoutMs">): TimeBudget {
  const deadline = startedAt + settings.timeBudgetMs;
  const stopAt = deadline + settings.requestTimeoutMs;
  return { deadline, stopAt, leaseUntil: stopAt + FINISH_MARGIN_MS };
}
