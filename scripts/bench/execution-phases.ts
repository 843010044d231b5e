/**
 * Where one order execution's time went, from what its logics log: `read-orders` logs the work set
 * once every order is recorded as pending, `process-orders` logs each order's outcome once all of
 * them are settled, and the execution ends after `finalize-orders`. Log times have millisecond
 * precision; null when a mark is missing (a failed run).
 */
import type { ExecutionRecord, LogEntry } from "../../runtime";

export interface ExecutionPhases {
  /** From the trigger to the work set: reading the payload and recording every order as pending. */
  readOrdersMs: number;
  /** From the work set to the last order's outcome: `process-orders` (the token, the checks and downloads). */
  checksMs: number;
  /** From there to the end: `finalize-orders` and the execution's record. */
  finishMs: number;
}

function eventOf(entry: LogEntry): string | undefined {
  try {
    const message = JSON.parse(entry.message) as { event?: unknown };
    return typeof message.event === "string" ? message.event : undefined;
  } catch {
    return undefined;
  }
}

export function executionPhases(record: ExecutionRecord): ExecutionPhases | null {
  const at = (logic: string, event: string) => record.logs.filter((entry) => entry.logic === logic && eventOf(entry) === event).map((entry) => Date.parse(entry.time));
  const workSet = at("read-orders", "work-set")[0];
  const outcomes = at("process-orders", "order-outcome");
  if (workSet === undefined || outcomes.length === 0) return null;
  const lastOutcome = Math.max(...outcomes);
  const triggered = Date.parse(record.triggeredAt);
  const finished = Date.parse(record.finishedAt);
  return { readOrdersMs: workSet - triggered, checksMs: lastOutcome - workSet, finishMs: finished - lastOutcome };
}
