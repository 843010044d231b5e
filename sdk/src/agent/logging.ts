import type {} from "../host/deno";
import type { LogLevel, LogRecord, LogRecordLevel } from "../host/ops";

function recordLevel(level: string): LogRecordLevel {
  const lower = level.toLowerCase();
  return (lower.charAt(0).toUpperCase() + lower.slice(1)) as LogRecordLevel;
}

export const LoggingAgent = {
  trace(value: string | object): void {
    LoggingAgent.log("trace", value);
  },

  debug(value: string | object): void {
    LoggingAgent.log("debug", value);
  },

  info(value: string | object): void {
    LoggingAgent.log("info", value);
  },

  warn(value: string | object): void {
    LoggingAgent.log("warn", value);
  },

  error(value: string | object): void {
    LoggingAgent.log("error", value);
  },

  /** Strings go as Plaintext, objects as Json (LOC renders them); the level in either case. */
  log(level: LogLevel | LogRecordLevel, value: string | object): void {
    const record: LogRecord = { level: recordLevel(level), message: typeof value === "string" ? { Plaintext: value } : { Json: value } };
    Deno.core.ops.op_log(record);
  },
};
