import type {} from "../host/deno";
import type { LogLevel } from "../host/ops";

function messageOf(value: string | object): string {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    // A cyclic object or a bigint must not turn a log line into a failure.
    return String(value);
  }
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

  /** Strings are logged as given, objects as their JSON text. */
  log(level: LogLevel, value: string | object): void {
    Deno.core.ops.op_log({ level, message: messageOf(value) });
  },
};
