/** Function form as LOC's docs write it: exported; the build makes the exports globals. */
import { SessionStorageAgent, type GenericContext, type RailwayError } from "@fstnetwork/loc-logic-sdk";

export async function run(ctx: GenericContext) {
  await SessionStorageAgent.putJson("exported-generic", { currentLogic: ctx.task.currentLogic?.name });
}

export async function handleError(_ctx: GenericContext, error: RailwayError) {
  await SessionStorageAgent.putJson("exported-generic", { error: error.message });
}
