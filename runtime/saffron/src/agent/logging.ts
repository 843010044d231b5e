import type { LogRecordLevel } from "../host-ops";

/** The execution's log: a string is recorded as plain text, anything else as JSON. */
export const LoggingAgent = {
  trace(value: string | object): void {
    this.log("Trace", value);
  },

  debug(value: string | object): void {
    this.log("Debug", value);
  },

  info(value: string | object): void {
    this.log("Info", value);
  },

  warn(value: string | object): void {
    this.log("Warn", value);
  },

  error(value: string | object): void {
    this.log("Error", value);
  },

  log(level: LogRecordLevel, value: string | object): void {
    const message = typeof value === "string" ? { Plaintext: value } : { Json: value };
    Deno.core.ops.op_log({ level, message });
  },
};
