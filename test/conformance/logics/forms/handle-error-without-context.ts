/** `handleError(error)` with one parameter: not adopted either, so `run` is never called. */
import { SessionStorageAgent, type GenericContext, type RailwayError } from "@fstnetwork/loc-logic-sdk";

async function run(_ctx: GenericContext) {
  await SessionStorageAgent.putString("ran:handle-error-without-context", "run");
}

async function handleError(_error: RailwayError) {
  await SessionStorageAgent.putString("ran:handle-error-without-context", "handleError");
}

Object.assign(globalThis, { run, handleError });
