/** Every host operation by name, at run time (ops.ts declares them as types only). */
import { SYNC_OPS, type HostOpName } from "../../sdk/src/host/ops";

export const HOST_OP_NAMES = [
  "op_fetch_payload",
  "op_fetch_task",
  "op_railway_is_ok",
  "op_railway_switch",
  "op_railway_get_error",
  "op_result_agent_set",
  "op_result_agent_set_http_status_code",
  "op_log",
  "op_session_storage_agent_get",
  "op_session_storage_agent_put",
  "op_session_storage_agent_delete",
  "op_local_storage_agent_get",
  "op_local_storage_agent_put",
  "op_local_storage_agent_delete",
  "op_http_agent_acquire",
  "op_http_agent_fetch",
  "op_http_agent_body_read",
  "op_http_agent_body_close",
  "op_file_storage_agent_acquire",
  "op_file_storage_agent_simple_get",
  "op_file_storage_agent_simple_put",
  "op_file_storage_agent_delete",
  "op_file_storage_agent_list",
  "op_file_storage_agent_create_dir_all",
  "op_logic_variable_get",
] as const satisfies readonly HostOpName[];

// Fails to compile when ops.ts gains an operation this list lacks.
type Unlisted = Exclude<HostOpName, (typeof HOST_OP_NAMES)[number]>;
const everyOpListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyOpListed;

/** Answered inside the sandbox, synchronously (`Deno.core.ops[name](…)` returns the value). */
export const SYNC_OP_NAMES: ReadonlySet<string> = new Set<string>(SYNC_OPS);
