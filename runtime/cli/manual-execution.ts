/** Runs one data process with the manual trigger, and prints its summary. */
import { randomUUID } from "node:crypto";
import type { ExecutionRecord, Executor } from "../contract";
import { executionSummary, exitCodeOf } from "./output";
import { manualPayload } from "./payload";
import { printJson } from "./terminal-text";

export function executeManually(executor: Executor, dataProcess: string, payloadText: string): Promise<ExecutionRecord> {
  const executionId = randomUUID();
  return executor.execute({
    dataProcesses: [dataProcess],
    payload: manualPayload(payloadText, executionId),
    triggerType: "Manual",
    executionId,
  });
}

/** The summary on stdout; returns the exit code. */
export function reportExecution(record: ExecutionRecord): number {
  printJson(executionSummary(record));
  return exitCodeOf(record.status);
}
