/** What the CLI prints: the execution summary on stdout, one line per log entry on stderr. */
import type { ExecutionRecord, LogEntry } from "../contract";
import type { TriggerLogEvent } from "../triggers/api-route";
import { terminalText } from "./terminal-text";

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

/** Enough of an execution id to tell concurrent executions apart on one console. */
export const SHORT_ID_LENGTH = 8;

/**
 * A log entry as one line, safe for a terminal (a logic may log what a payload carried):
 * `time LEVEL execid8 dataProcess/logic: message`.
 */
export function logLine(entry: LogEntry): string {
  const message = entry.message.replace(/\r?\n/g, "\\n");
  const id = entry.executionId === undefined ? "" : `${entry.executionId.slice(0, SHORT_ID_LENGTH)} `;
  return terminalText(`${entry.time} ${entry.level.toUpperCase().padEnd(5)} ${id}${entry.dataProcess}/${entry.logic}: ${message}`);
}

/** A trigger's structured event as one line: `time LEVEL msg key=value …`. */
export function triggerLogLine({ level, msg, ...fields }: TriggerLogEvent, time = new Date()): string {
  const rest = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  return terminalText([time.toISOString(), level.toUpperCase().padEnd(5), msg, ...rest].join(" ").replace(/\r?\n/g, "\\n"));
}
