/** LoggingAgent in an aggregator logic, in the function form. */
import { LoggingAgent, ResultAgent, type AggregatorContext, type RailwayError } from "@fstnetwork/loc-logic-sdk";

async function run(ctx: AggregatorContext) {
  LoggingAgent.info(`aggregating task ${ctx.task.taskKey.taskId}`);
  ResultAgent.finalize({ logged: true });
}

async function handleError(_ctx: AggregatorContext, error: RailwayError) {
  LoggingAgent.error(`${error}`);
}

Object.assign(globalThis, { run, handleError });
