/**
 * Runs conformance logics (test/conformance/logics) on the real local runtime: each logic in its
 * own permissionless Deno worker, loaded through Saffron, as LOC loads it. Results are read from
 * the execution record LOC would give: the merged task result, the status code and the logs.
 */
import { isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ExecutionRecord, LogLevel } from "../../runtime/contract";
import { configSchema } from "../../runtime/config/schema";
import type { LocalRuntime, RuntimeOptions } from "../../runtime/executor";
import { manually, runtimeOf, tempDir } from "../runtime/helpers";

const LOGICS = fileURLToPath(new URL("./logics/", import.meta.url));

/** A conformance logic by its path under test/conformance/logics, or an absolute path. */
export function logic(name: string): string {
  return isAbsolute(name) ? name : join(LOGICS, name);
}

export interface DataProcessSpec {
  generic?: string[];
  aggregator: string;
  variables?: Record<string, string>;
}

export interface RuntimeSpec {
  dataProcesses: Record<string, DataProcessSpec>;
  /** The `agents` section of the configuration (HTTP agents, file storages). */
  agents?: Record<string, unknown>;
  /** Defaults to a fresh temporary directory. */
  stateDir?: string;
  options?: RuntimeOptions;
}

/** A runtime over conformance logics, closed (and its state removed) after the test. */
export async function conformanceRuntime(spec: RuntimeSpec): Promise<LocalRuntime> {
  const config = configSchema.parse({
    stateDir: spec.stateDir ?? (await tempDir()),
    dataProcesses: Object.fromEntries(
      Object.entries(spec.dataProcesses).map(([name, dataProcess]) => [
        name,
        {
          generic: (dataProcess.generic ?? []).map(logic),
          aggregator: logic(dataProcess.aggregator),
          variables: dataProcess.variables ?? {},
        },
      ]),
    ),
    ...(spec.agents ? { agents: spec.agents } : {}),
  });
  // Logic console output stays out of the test's output (LOC keeps it out of the execution's logs too).
  const runtime = runtimeOf(config, { onConsole: () => undefined, ...spec.options });
  await runtime.ready;
  return runtime;
}

/** One manual execution of the data processes, with `body` as the JSON the user supplied. */
export function executeManually(runtime: LocalRuntime, dataProcesses: string[], body: unknown = {}): Promise<ExecutionRecord> {
  return runtime.execute(manually(dataProcesses, body));
}

/** A runtime of one data process, executed once. */
export async function runOnce(dataProcess: DataProcessSpec, extra: Omit<RuntimeSpec, "dataProcesses"> = {}): Promise<ExecutionRecord> {
  const runtime = await conformanceRuntime({ ...extra, dataProcesses: { conformance: dataProcess } });
  return executeManually(runtime, ["conformance"]);
}

/** What one logic wrote to the execution's log, in order. */
export function logsOf(record: ExecutionRecord, logicName: string): Array<{ level: LogLevel; message: string }> {
  return record.logs.filter((entry) => entry.logic === logicName).map(({ level, message }) => ({ level, message }));
}
