/**
 * The execution statuses LOC shows (spec: Complete, In Progress, Timeout, Execution Error, Complete
 * with Error, System Error, Not Executed), of those the local runtime reaches. LOC does not document
 * its exact rule; ours: a timeout wins, then a logic that could not be loaded (System Error), then an
 * isolate that died (Execution Error), then an error carried down the railway.
 */
import type { ExecutionRecord } from "./contract";

export type ExecutionStatus = "In Progress" | "Complete" | "Complete with Error" | "Timeout" | "Execution Error" | "System Error";

export const EXECUTION_STATUSES: readonly ExecutionStatus[] = ["In Progress", "Complete", "Complete with Error", "Timeout", "Execution Error", "System Error"];

/** The railway error name of a task whose logic could not be loaded (bundle missing, build failed). */
export const LOGIC_LOAD_ERROR = "LogicLoadError";

export function finishedStatus(record: Pick<ExecutionRecord, "timedOut" | "tasks">): Exclude<ExecutionStatus, "In Progress"> {
  if (record.timedOut) return "Timeout";
  if (record.tasks.some((task) => task.railwayError?.name === LOGIC_LOAD_ERROR)) return "System Error";
  if (record.tasks.some((task) => task.crashed === true)) return "Execution Error";
  return record.tasks.some((task) => task.railwayError !== undefined) ? "Complete with Error" : "Complete";
}
