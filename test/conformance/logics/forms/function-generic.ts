/**
 * Function form as the real SDK's own tests write it: `run` / `handleError` put on the global
 * object, no `export`. Saffron adopts them because run takes 1 parameter and handleError 2.
 */
import { SessionStorageAgent, type GenericContext, type RailwayError } from "@fstnetwork/loc-logic-sdk";

async function run(ctx: GenericContext) {
  const payload = await ctx.payload();
  if (!("http" in payload)) throw new Error("expected the manual trigger's http payload");
  const body: unknown = JSON.parse(new TextDecoder().decode(new Uint8Array(payload.http.request.data)));
  await SessionStorageAgent.putJson("function-generic", { body, currentLogic: ctx.task.currentLogic?.name });
}

async function handleError(_ctx: GenericContext, error: RailwayError) {
  await SessionStorageAgent.putJson("function-generic", { error: error.message });
}

Object.assign(globalThis, { run, handleError });
