/** Runs one data process with the manual trigger and prints the result. */
import { randomUUID } from "node:crypto";
import type { Executor } from "../contract";
import { executionSummary, exitCodeOf } from "./output";
import { manualPayload } from "./payload";

export async function executeManually(executor: Executor, dataProcess: string, payloadText: string): Promise<number> {
  const executionId = randomUUID();
  const record = await executor.execute({
    dataProcesses: [dataProcess],
    payload: manualPayload(payloadText, executionId),
    triggerType: "Manual",
    executionId,
  });
  process.stdout.write(`${JSON.stringify(executionSummary(record), null, 2)}\n`);
  return exitCodeOf(record.status);
}
