/** Reads, in a later execution, the local storage keys named by READ_KEYS into the session. */
import { LocalStorageAgent, LogicVariable, SessionStorageAgent, type GenericContext, type RailwayError } from "@fstnetwork/loc-logic-sdk";

async function run(_ctx: GenericContext) {
  const keys = (LogicVariable.get("READ_KEYS") ?? "").split(",").filter((key) => key !== "");
  const values: Record<string, unknown> = {};
  for (const key of keys) {
    const value: unknown = await LocalStorageAgent.get(key);
    values[key] = value instanceof Uint8Array ? { bytes: Array.from(value), text: Deno.core.decode(value) } : value;
  }
  await SessionStorageAgent.putJson("local", values);
}

async function handleError(_ctx: GenericContext, error: RailwayError) {
  await SessionStorageAgent.putJson("local", { error: { name: error.name, message: error.message } });
}

Object.assign(globalThis, { run, handleError });
