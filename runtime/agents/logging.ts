/**
 * LoggingAgent: one execution's log, every message redacted before it is kept or handed to the
 * sink (the CLI's stderr, a server's console). op_log takes LOC's record,
 * `{ level: "Info", message: { Plaintext: "…" } | { Json: … } }`.
 */
import { z } from "zod";
import type { LogEntry, LogLevel } from "../contract";
import { redactText } from "../redact";
import { parseArg, type AgentFactory } from "./agent";

export type { LogLevel };

export type LogSink = (entry: LogEntry) => void;

export class ExecutionLog {
  readonly entries: LogEntry[] = [];

  constructor(
    private readonly secrets: readonly string[],
    private readonly sink?: LogSink,
    private readonly executionId?: string,
  ) {}

  add(level: LogLevel, dataProcess: string, logic: string, message: string): void {
    const entry: LogEntry = {
      ...(this.executionId === undefined ? {} : { executionId: this.executionId }),
      time: new Date().toISOString(),
      level,
      dataProcess,
      logic,
      message: redactText(message, this.secrets),
    };
    this.entries.push(entry);
    try {
      this.sink?.(entry);
    } catch {
      // A failing sink (a closed stderr) must not fail the logic that logged.
    }
  }
}

const LEVELS = { Trace: "trace", Debug: "debug", Info: "info", Warn: "warn", Error: "error" } as const satisfies Record<string, LogLevel>;

export const logRecordSchema = z.object({
  level: z.enum(["Trace", "Debug", "Info", "Warn", "Error"]),
  message: z.union([z.object({ Plaintext: z.string() }), z.object({ Json: z.unknown() })], {
    error: "expected { Plaintext: string } or { Json: value }",
  }),
});

/**
 * A JSON value as one line of text. Never throws: a BigInt is written as its digits and a
 * repeated reference to an object still being written as "[Circular]", since a log line must
 * never turn into the logic's failure.
 */
export function renderJson(value: unknown): string {
  const ancestors: object[] = [];
  const text = JSON.stringify(value, function (this: unknown, _key: string, item: unknown) {
    if (typeof item === "bigint") return item.toString();
    if (item === null || typeof item !== "object") return item;
    // `this` is the object holding `item`: drop the ancestors JSON.stringify has finished with.
    while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
    if (ancestors.includes(item)) return "[Circular]";
    ancestors.push(item);
    return item;
  });
  return text ?? String(value);
}

/** LOC's log record as level and text. */
export function parseLogRecord(record: unknown): { level: LogLevel; text: string } {
  const { level, message } = parseArg("op_log", logRecordSchema, record);
  return { level: LEVELS[level], text: "Plaintext" in message ? message.Plaintext : renderJson(message.Json) };
}

export const loggingAgent: AgentFactory = () => ({
  attach: (task) => ({
    ops: {
      op_log: (caller, record) => {
        const { level, text } = parseLogRecord(record);
        task.log.add(level, task.dataProcess, caller.logic.name, text);
      },
    },
  }),
});
