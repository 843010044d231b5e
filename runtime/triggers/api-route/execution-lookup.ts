import type { Executor } from "../../contract";
import { acceptedAnswer, errorAnswer, executionEnvelope, type Answer, type RequestFacts } from "./responses";
import { routeLabel } from "./route-table";
import type { RunningExecutions } from "./running-executions";

/** Execution ids are UUIDs; anything else is not looked up (the store may be files named by id). */
const EXECUTION_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * `GET /executions/{executionId}`: 202 while the execution runs (`_metadata.status: "In
 * Progress"`), then 200 with the stored execution result in the API route envelope (its `_status`
 * is the execution's code), 404 when unknown. Stored executions are read from the executor, so a
 * result stays readable after a restart (until the store's retention removes it).
 */
export async function lookUpExecution(executor: Executor, running: RunningExecutions, executionId: string, facts: RequestFacts): Promise<Answer> {
  if (!EXECUTION_ID.test(executionId)) return errorAnswer(404, "not an execution id", facts);
  const startedBy = running.get(executionId);
  if (startedBy) return acceptedAnswer(executionId, startedBy);
  const record = await executor.getExecution(executionId);
  if (!record) return errorAnswer(404, `no execution with id "${executionId}"`, facts);
  const { method, path, requestId } = record.triggerMetadata;
  const route = typeof method === "string" && typeof path === "string" ? routeLabel(method, path) : undefined;
  const body = executionEnvelope(record, route, typeof requestId === "string" ? requestId : undefined);
  return { status: 200, body, headers: { "x-execution-id": record.executionId }, executionId };
}
