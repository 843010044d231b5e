/** The record a test double of the executor stores when its stand-in execution ends. */
import type { ExecuteRequest, ExecutionRecord, TaskRecord } from "../../runtime/contract";

export interface FinishedExecution {
  status: number;
  result: Record<string, unknown>;
  timedOut?: boolean;
  tasks?: TaskRecord[];
}

export function finishedRecord(request: ExecuteRequest, executionId: string, triggeredAt: Date, ended: FinishedExecution): ExecutionRecord {
  const finishedAt = new Date();
  return {
    executionId,
    triggerType: request.triggerType,
    triggerMetadata: request.triggerMetadata ?? {},
    triggeredAt: triggeredAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - triggeredAt.getTime(),
    status: ended.status,
    result: ended.result,
    timedOut: ended.timedOut ?? false,
    tasks: ended.tasks ?? [],
    logs: [],
  };
}
