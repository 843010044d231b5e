/** A `run(ctx)` with no `handleError` at all: not adopted. */
import { SessionStorageAgent, type GenericContext } from "@fstnetwork/loc-logic-sdk";

async function run(_ctx: GenericContext) {
  await SessionStorageAgent.putString("ran:run-without-handle-error", "run");
}

Object.assign(globalThis, { run });
