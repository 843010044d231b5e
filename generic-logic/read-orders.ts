/**
 * `grafx-order-handling` logic 1: reads the orders from the payload (or, for an empty payload,
 * the pending ones), records new orders as pending first, and leaves the work set in the session.
 */
import type { GenericContext, RailwayError } from "@fstnetwork/loc-logic-sdk";
import { locAgents } from "../lib/loc-agents";
import { logLogicError } from "../lib/steps/log-logic-error";
import { readOrders } from "../lib/steps/read-orders";

export async function run(ctx: GenericContext): Promise<void> {
  await readOrders(ctx, locAgents);
}

export async function handleError(_ctx: GenericContext, error: RailwayError): Promise<void> {
  logLogicError(locAgents.log, "read-orders", error);
}
