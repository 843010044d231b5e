/** An aggregator whose `run()` takes no parameter: it never runs, so the task has no result. */
import { ResultAgent, type AggregatorContext, type RailwayError } from "@fstnetwork/loc-logic-sdk";

async function run() {
  ResultAgent.finalize({ ran: "run" }).httpStatusCode(201);
}

async function handleError(_ctx: AggregatorContext, _error: RailwayError) {
  ResultAgent.finalize({ ran: "handleError" }).httpStatusCode(500);
}

Object.assign(globalThis, { run, handleError });
