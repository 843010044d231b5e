/** The data process's part of an execution result, and what of it must not depend on the trigger. */
import { createHash } from "node:crypto";
import type { OrderHandlingResult } from "../../../lib/result/build-result";

export function orderHandling(result: unknown): OrderHandlingResult {
  const part = (result as { grafx_order_handling?: OrderHandlingResult } | undefined)?.grafx_order_handling;
  if (!part) throw new Error(`no grafx_order_handling in the result: ${JSON.stringify(result)}`);
  return part;
}

/** Everything but the task key (its execution id differs per execution). */
export function withoutTaskKey(result: OrderHandlingResult): Omit<OrderHandlingResult, "taskKey"> {
  const { taskKey: _taskKey, ...rest } = result;
  return rest;
}

export const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");
