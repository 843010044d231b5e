import type { ExecuteRequest } from "../../../runtime/contract";
import type { FakeBehaviour } from "../../triggers/helpers/fake-executor";

/** The record bytes a message-queue execution received, as text. */
export function recordText(request: ExecuteRequest): string {
  if (!("messageQueue" in request.payload)) throw new Error(`expected a messageQueue payload, got ${Object.keys(request.payload).join(", ")}`);
  return Buffer.from(request.payload.messageQueue.data).toString("utf8");
}

/** A data process that answers like the order one: 400 for a record that is not JSON, else 200 with it. */
export const acceptJsonRecords: FakeBehaviour = (request) => {
  try {
    return { status: 200, result: { accepted: JSON.parse(recordText(request)) } };
  } catch {
    return { status: 400, result: { error: "the record is not JSON" } };
  }
};
