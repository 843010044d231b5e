/**
 * Progress of a long batch as log lines, `{ "event": "progress", "progress": { "done", "total" } }`:
 * at most one per `intervalMs`, and always the last. The local console draws a bar from them; on LOC
 * they are ordinary log lines showing how far an execution got.
 */
import type { Logger } from "./log";

export interface ProgressReporter {
  /** One more item is done. */
  advance(): void;
}

export function progressReporter(log: Logger, total: number, now: () => number, intervalMs = 1000): ProgressReporter {
  let done = 0;
  let lastAt = -Infinity;
  return {
    advance() {
      done++;
      const at = now();
      if (done < total && at - lastAt < intervalMs) return;
      lastAt = at;
      log.info({ event: "progress", progress: { done, total } });
    },
  };
}
