/**
 * LoggingAgent: one execution's log, every message redacted before it is kept or handed to the
 * sink (the CLI's stderr, a server's console).
 */
import { z } from "zod";
import type { LogEntry } from "../contract";
import type { LogLevel } from "../../sdk/src/host/ops";
import { redactText } from "../redact";
import { parseArg, type AgentFactory } from "./agent";

export type LogSink = (entry: LogEntry) => void;

export class ExecutionLog {
  readonly entries: LogEntry[] = [];

  constructor(
    private readonly secrets: readonly string[],
    private readonly sink?: LogSink,
  ) {}

  add(level: LogLevel, dataProcess: string, logic: string, message: string): void {
    const entry: LogEntry = { time: new Date().toISOString(), level, dataProcess, logic, message: redactText(message, this.secrets) };
    this.entries.push(entry);
    try {
      this.sink?.(entry);
    } catch {
      // A failing sink (a closed stderr) must not fail the logic that logged.
    }
  }
}

const logEntry = z.object({
  level: z.enum(["trace", "debug", "info", "warn", "error"]),
  message: z.string(),
});

export const loggingAgent: AgentFactory = () => ({
  attach: (task) => ({
    ops: {
      op_log: (caller, entry) => {
        const { level, message } = parseArg("op_log", logEntry, entry);
        task.log.add(level, task.dataProcess, caller.logic.name, message);
      },
    },
  }),
});
