/** Acquiring an HTTP agent configuration that does not exist fails, naming it. */
import { HttpAgent, type GenericContext, type RailwayError } from "@fstnetwork/loc-logic-sdk";

async function run(_ctx: GenericContext) {
  await HttpAgent.acquire("no-such-server");
}

async function handleError(_ctx: GenericContext, _error: RailwayError) {}

Object.assign(globalThis, { run, handleError });
