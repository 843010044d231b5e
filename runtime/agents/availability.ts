/**
 * Which agents a logic of each kind may use (LOC.md's "where" column): checked before a host
 * operation is answered, so the logic's own call throws.
 */
import type { HostOpName } from "../saffron/src/host-ops";
import type { LogicKind } from "./agent";

const AGGREGATOR_ONLY: ReadonlyMap<string, string> = new Map([
  ["op_result_agent_set", "ResultAgent"],
  ["op_result_agent_set_http_status_code", "ResultAgent"],
]);

const GENERIC_ONLY: ReadonlyMap<string, string> = new Map([
  ["op_local_storage_agent_get", "LocalStorageAgent"],
  ["op_local_storage_agent_put", "LocalStorageAgent"],
  ["op_local_storage_agent_delete", "LocalStorageAgent"],
]);

/** Why `logic` may not call `op`, or undefined when it may. */
export function unavailableReason(op: HostOpName | string, kind: LogicKind, logicName: string): string | undefined {
  const aggregatorAgent = kind === "generic" ? AGGREGATOR_ONLY.get(op) : undefined;
  if (aggregatorAgent) return `${aggregatorAgent} is only available in aggregator logic (logic "${logicName}")`;
  const genericAgent = kind === "aggregator" ? GENERIC_ONLY.get(op) : undefined;
  if (genericAgent) return `${genericAgent} is only available in generic logic (logic "${logicName}")`;
  return undefined;
}
