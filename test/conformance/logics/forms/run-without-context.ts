/**
 * `run()` with no parameter: LOC adopts a function-form logic only when run takes 1 (ctx) and
 * handleError 2 (ctx, error), so this logic never runs.
 */
import { SessionStorageAgent, type GenericContext, type RailwayError } from "@fstnetwork/loc-logic-sdk";

async function run() {
  await SessionStorageAgent.putString("ran:run-without-context", "run");
}

async function handleError(_ctx: GenericContext, _error: RailwayError) {
  await SessionStorageAgent.putString("ran:run-without-context", "handleError");
}

Object.assign(globalThis, { run, handleError });
