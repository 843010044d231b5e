/** The bench's trivial aggregator: finalizes the sum. */
import { ResultAgent, SessionStorageAgent, type AggregatorContext, type RailwayError } from "@fstnetwork/loc-logic-sdk";

export async function run(_ctx: AggregatorContext) {
  ResultAgent.finalize({ sum: await SessionStorageAgent.get("sum") });
}

export async function handleError(_ctx: AggregatorContext, error: RailwayError) {
  ResultAgent.finalize({ error: error.message }).httpStatusCode(500);
}
