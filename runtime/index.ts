/** The local LOC runtime's public surface, for the server entry and the triggers. */
export { loadConfig, parseConfig, ConfigError } from "./config/load";
export type { RuntimeConfig } from "./config/schema";
export { createRuntime, startRuntime, TIMED_OUT_STATUS } from "./executor";
export type { LocalRuntime, RuntimeOptions } from "./executor";
export type { ExecuteRequest, ExecutionRecord, Executor, LogEntry, StartedExecution, TaskRecord, TriggerType } from "./contract";
export { redactText, redactValue } from "./redact";
