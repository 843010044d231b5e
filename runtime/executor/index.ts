export { createRuntime, startRuntime } from "./create-runtime";
export type { LocalRuntime, RuntimeOptions } from "./create-runtime";
export { pickStatusCode } from "./pick-status";
export { mergeByTopLevelKey } from "./merge-results";
export { TIMED_OUT_STATUS } from "./run-task";
