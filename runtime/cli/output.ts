/** What the CLI prints: the execution summary on stdout, one line per log entry on stderr. */
import type { ExecutionRecord, LogEntry } from "../contract";

export function executionSummary(record: ExecutionRecord) {
  const { executionId, status, result, timedOut, durationMs, tasks } = record;
  return { executionId, status, result, timedOut, durationMs, tasks };
}

/** 0 when the status is below 400, 1 for 4xx, 2 for 5xx. */
export function exitCodeOf(status: number): number {
  if (status >= 500) return 2;
  if (status >= 400) return 1;
  return 0;
}

export function logLine(entry: LogEntry): string {
  const message = entry.message.replace(/\r?\n/g, "\\n");
  return `${entry.time} ${entry.level.toUpperCase().padEnd(5)} ${entry.dataProcess}/${entry.logic}: ${message}`;
}
