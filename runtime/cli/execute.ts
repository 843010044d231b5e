/** `loc-local execute <data-process> --payload <file|-> [--config loc.config.json]` */
import { parseArgs } from "node:util";
import { loadConfig } from "../config/load";
import { startRuntime, type RuntimeOptions } from "../executor";
import { executeManually, reportExecution } from "./manual-execution";
import { readPayloadText } from "./payload";
import { UsageError } from "./usage";

export async function executeCommand(args: string[], runtimeOptions: RuntimeOptions): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      payload: { type: "string", short: "p" },
      config: { type: "string", short: "c", default: "loc.config.json" },
      "state-dir": { type: "string" },
    },
  });
  const [dataProcess, ...extra] = positionals;
  if (!dataProcess) throw new UsageError("execute: which data process? (loc-local execute <data-process> --payload <file|->)");
  if (extra.length > 0) throw new UsageError(`execute: unexpected argument "${extra[0]}"`);
  if (!values.payload) throw new UsageError("execute: --payload <file|-> is required");
  const config = await loadConfig(values.config);
  if (!Object.hasOwn(config.dataProcesses, dataProcess)) {
    const known = Object.keys(config.dataProcesses).join(", ") || "none";
    throw new UsageError(`execute: no data process "${dataProcess}" in ${values.config} (configured: ${known})`);
  }
  const payloadText = await readPayloadText(values.payload);
  const runtime = await startRuntime(config, { ...runtimeOptions, stateDir: values["state-dir"] });
  try {
    return reportExecution(await executeManually(runtime, dataProcess, payloadText));
  } finally {
    await runtime.close(0);
  }
}
