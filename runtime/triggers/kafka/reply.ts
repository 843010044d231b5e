import type { ExecutionRecord } from "../../contract";

/** What the reply topic receives for each record: the execution's id, final code and task result. */
export interface ExecutionReply {
  executionId: string;
  status: number;
  result: Record<string, unknown>;
}

export function buildReply(record: ExecutionRecord): ExecutionReply {
  return { executionId: record.executionId, status: record.status, result: record.result };
}

export function encodeReply(reply: ExecutionReply): Buffer {
  return Buffer.from(JSON.stringify(reply), "utf8");
}
