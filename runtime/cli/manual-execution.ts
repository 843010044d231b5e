/** Runs one data process with the manual trigger, and prints its summary. */
import { randomUUID } from "node:crypto";
import type { ExecutionRecord, Executor } from "../contract";
import { executionSummary, exitCodeOf } from "./output";
import { manualPayload } from "../triggers/manual/manual-payload";
import { printJson, printLine } from "./terminal-text";

export function executeManually(executor: Executor, dataProcess: string, payloadText: string): Promise<ExecutionRecord> {
  const executionId = randomUUID();
  return executor.execute({
    dataProcesses: [dataProcess],
    payload: manualPayload(payloadText, executionId),
    triggerType: "Manual",
    executionId,
  });
}

/**
 * The summary on stdout; returns the exit code. A railway error is also said on stderr, naming the
 * logic, whatever the code: an aggregator that does not handle it may still answer 200.
 */
export function reportExecution(record: ExecutionRecord): number {
  printJson(executionSummary(record));
  for (const task of record.tasks) {
    const failure = task.railwayError;
    if (failure) printLine("stderr", `loc-local: data process "${task.dataProcess}": logic "${failure.logic}" failed: ${failure.name}: ${failure.message}`);
  }
  return exitCodeOf(record.status);
}
