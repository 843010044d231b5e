/** Finalizes under its data process's own top-level key, with the code its STATUS variable gives. */
import { LogicVariable, ResultAgent, type AggregatorContext, type RailwayError } from "@fstnetwork/loc-logic-sdk";

async function run(ctx: AggregatorContext) {
  const name = ctx.task.dataProcess.name;
  ResultAgent.finalize({ [name]: { done: true }, lastWriter: name }).httpStatusCode(Number(LogicVariable.get("STATUS")));
}

async function handleError(_ctx: AggregatorContext, error: RailwayError) {
  ResultAgent.finalize({ error: error.message }).httpStatusCode(500);
}

Object.assign(globalThis, { run, handleError });
