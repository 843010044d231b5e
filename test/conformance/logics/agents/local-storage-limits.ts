/** A timeout past LOC's one-day limit is refused at the put, naming the limit. */
import { LocalStorageAgent, SessionStorageAgent, type GenericContext, type RailwayError } from "@fstnetwork/loc-logic-sdk";

async function run(_ctx: GenericContext) {
  try {
    await LocalStorageAgent.putString("twoDays", "too long", 2 * 86_400);
    await SessionStorageAgent.putJson("limits", { refused: false });
  } catch (error) {
    await SessionStorageAgent.putJson("limits", { refused: true, name: (error as Error).name, message: (error as Error).message });
  }
}

async function handleError(_ctx: GenericContext, error: RailwayError) {
  await SessionStorageAgent.putJson("limits", { railway: error.message });
}

Object.assign(globalThis, { run, handleError });
