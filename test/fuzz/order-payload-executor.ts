/**
 * The fuzz's stand-in data process run in Node, no isolate: the triggers (API route, Kafka record
 * processor, manual execution) are the real ones, the data process answers what the order process's
 * parser says (./fixtures/order-payload-answer). Fast enough for thousands of inputs; the real
 * `grafx-order-handling` runs a sample. Keeps no request (fuzz bodies can be large), only results.
 */
import { randomUUID } from "node:crypto";
import type { ExecuteRequest, ExecutionRecord, Executor, StartedExecution } from "../../runtime/contract";
import { answerOrderPayload } from "./fixtures/order-payload-answer";
import { finishedRecord } from "../helpers/finished-record";

export const STAND_IN = "grafx-order-handling";

export class OrderPayloadExecutor implements Executor {
  private readonly records = new Map<string, ExecutionRecord>();

  execute(request: ExecuteRequest): Promise<ExecutionRecord> {
    return this.start(request).done;
  }

  start(request: ExecuteRequest): StartedExecution {
    const unknown = request.dataProcesses.filter((name) => !this.hasDataProcess(name));
    if (unknown.length > 0) throw new Error(`unknown data process "${unknown.join('", "')}"`);
    const executionId = request.executionId ?? randomUUID();
    const triggeredAt = new Date();
    const done = Promise.resolve().then(() => {
      const answer = answerOrderPayload(request.payload);
      const record = finishedRecord(request, executionId, triggeredAt, {
        status: answer.status,
        result: answer.result,
        tasks: [{ dataProcess: STAND_IN, taskId: randomUUID(), status: answer.status, result: answer.result, timedOut: false }],
      });
      this.records.set(executionId, record);
      return record;
    });
    return { executionId, done };
  }

  async getExecution(executionId: string): Promise<ExecutionRecord | undefined> {
    return this.records.get(executionId);
  }

  hasDataProcess(name: string): boolean {
    return name === STAND_IN;
  }

  async close(): Promise<void> {}
}
