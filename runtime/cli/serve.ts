/** `loc-local serve [--config loc.config.json] [--port N] [--no-schedules] [--no-kafka] [--watch] [--console-port N] [--no-console]`: every trigger and the console, until SIGINT/SIGTERM. */
import { parseArgs } from "node:util";
import { loadConfig } from "../config/load";
import type { RuntimeOptions } from "../executor";
import { serve, type RunningLoc } from "../serve";
import { reloadLines } from "../watch/logic-watcher";
import { triggerLogLine } from "./output";
import { printLine } from "./terminal-text";
import { UsageError } from "./usage";

export async function serveCommand(args: string[], runtimeOptions: RuntimeOptions): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      config: { type: "string", short: "c", default: "loc.config.json" },
      port: { type: "string" },
      "state-dir": { type: "string" },
      "no-schedules": { type: "boolean", default: false },
      "no-kafka": { type: "boolean", default: false },
      watch: { type: "boolean", default: false },
      "console-port": { type: "string" },
      "no-console": { type: "boolean", default: false },
    },
  });
  if (positionals.length > 0) throw new UsageError(`serve: unexpected argument "${positionals[0]}"`);
  const port = portOption("port", values.port);
  const consolePort = portOption("console-port", values["console-port"]);
  const config = await loadConfig(values.config);
  const consoleWanted = config.console.enabled && !values["no-console"];
  const loc = await startServing(config, port, consoleWanted ? { port: consolePort ?? config.console.port } : undefined, values, runtimeOptions);
  await untilSignal();
  printLine("stderr", "loc-local: shutting down (running executions may finish)");
  await loc.close();
  return 0;
}

function portOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!(/^\d+$/.test(text) && port <= 65535)) throw new UsageError(`serve: --${name} must be a port number (0-65535), got "${text}"`);
  return port;
}

function startServing(
  config: Awaited<ReturnType<typeof loadConfig>>,
  port: number | undefined,
  consoleOn: { port: number } | undefined,
  values: { "state-dir"?: string; "no-schedules"?: boolean; "no-kafka"?: boolean; watch?: boolean },
  runtimeOptions: RuntimeOptions,
): Promise<RunningLoc> {
  return serve(config, {
    ...runtimeOptions,
    stateDir: values["state-dir"],
    port,
    schedules: !values["no-schedules"],
    kafka: !values["no-kafka"],
    console: consoleOn,
    log: (event) => printLine("stderr", triggerLogLine(event)),
    watch: values.watch ? { onReload: (reload) => reloadLines(reload).forEach((line) => printLine("stderr", line)) } : undefined,
  }).then((loc) => {
    const routes = config.triggers.apiRoutes.map((route) => `${route.method} ${loc.apiRoute.url}${route.path}`);
    const consoleUrl = loc.console ? { console: loc.console.url } : {};
    printLine("stdout", JSON.stringify({ listening: loc.apiRoute.url, routes, executions: `${loc.apiRoute.url}/executions/{id}`, ...consoleUrl }));
    if (loc.console) printLine("stderr", `loc-local: console at ${loc.console.url}`);
    return loc;
  });
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
