/**
 * `grafx-order-handling` aggregator: finalizes the task result under `grafx_order_handling` with
 * the status code picked over the orders; after a railway error, a result holding that error (500).
 */
import type { AggregatorContext, RailwayError } from "@fstnetwork/loc-logic-sdk";
import { locAgents, locResult } from "../lib/loc-agents";
import { finalizeError, finalizeOrders, type AggregatorAgents } from "../lib/steps/finalize-orders";

const agents: AggregatorAgents = { session: locAgents.session, log: locAgents.log, variable: locAgents.variable, result: locResult };

export async function run(ctx: AggregatorContext): Promise<void> {
  await finalizeOrders(ctx, agents);
}

export async function handleError(ctx: AggregatorContext, error: RailwayError): Promise<void> {
  await finalizeError(ctx, error, agents);
}
