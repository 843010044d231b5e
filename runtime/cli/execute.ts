/** `loc-local execute <data-process> --payload <file|-> [--config loc.config.json]` */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { GrafxSimulator } from "../../grafx-simulator";
import { loadConfig } from "../config/load";
import { startRuntime, type RuntimeOptions } from "../executor";
import { executeManually, reportExecution } from "./manual-execution";
import { readPayloadText } from "./payload";
import { printLine } from "./terminal-text";
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
  const simulator = await embeddedGrafxIfUnset(values.config);
  try {
    return await execute(dataProcess, values.payload, values.config, values["state-dir"], runtimeOptions);
  } finally {
    await simulator?.close();
  }
}

/**
 * A first run works as written: when the configuration takes its GraFx from GRAFX_BASE_URL and
 * that is unset, the embedded GraFx simulator stands in (it knows the README's example tasks).
 */
async function embeddedGrafxIfUnset(configFile: string): Promise<GrafxSimulator | undefined> {
  if (process.env.GRAFX_BASE_URL) return undefined;
  const text = await readFile(configFile, "utf8").catch(() => "");
  if (!text.includes("env:GRAFX_BASE_URL")) return undefined;
  const { useGrafxFromEnvironment } = await import("../../grafx-simulator/embedded-default");
  const target = await useGrafxFromEnvironment(process.env);
  printLine("stderr", `loc-local: ${target.description}`);
  return target.simulator;
}

async function execute(dataProcess: string, payload: string, configFile: string, stateDir: string | undefined, runtimeOptions: RuntimeOptions): Promise<number> {
  const values = { config: configFile, payload, "state-dir": stateDir };
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
