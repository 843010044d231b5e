/** `loc-local get <execution-id>`: prints a stored execution record. */
import { parseArgs } from "node:util";
import { ExecutionStore, isExecutionId } from "../stores/execution-store";
import { printJson } from "./terminal-text";
import { stateDirOf } from "./state-dir";
import { InputError, UsageError } from "./usage";

export async function getCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { config: { type: "string", short: "c" }, "state-dir": { type: "string" } },
  });
  const [executionId, ...extra] = positionals;
  if (!executionId) throw new UsageError("get: which execution? (loc-local get <execution-id>)");
  if (extra.length > 0) throw new UsageError(`get: unexpected argument "${extra[0]}"`);
  if (!isExecutionId(executionId)) throw new UsageError(`get: "${executionId}" is not an execution id (a UUID)`);
  const stateDir = await stateDirOf(values.config, values["state-dir"]);
  const record = await new ExecutionStore(stateDir).get(executionId);
  if (!record) throw new InputError(`get: no execution ${executionId} in ${stateDir}`);
  printJson(record);
  return 0;
}
