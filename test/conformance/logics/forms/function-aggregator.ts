/** Function form through the global object: the aggregator. */
import { ResultAgent, SessionStorageAgent, type AggregatorContext, type RailwayError } from "@fstnetwork/loc-logic-sdk";

async function run(ctx: AggregatorContext) {
  ResultAgent.finalize({
    generic: await SessionStorageAgent.get("function-generic"),
    aggregator: { currentLogic: ctx.task.currentLogic?.name },
  });
}

async function handleError(_ctx: AggregatorContext, error: RailwayError) {
  ResultAgent.finalize({ error: error.message }).httpStatusCode(500);
}

Object.assign(globalThis, { run, handleError });
