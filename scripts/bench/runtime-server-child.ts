/**
 * The server child of scripts/bench/runtime-server.ts (run with `node --import tsx`): reads its job
 * as one JSON line on stdin, serves on 127.0.0.1 port 0, answers `{"ready":true,"url":…}`, and on a
 * `close` line, stdin's end, SIGINT or SIGTERM closes gracefully and answers `{"closed":true,…}`.
 * Only protocol lines go to stdout; warnings and errors of the triggers go to stderr (a few).
 */
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { RuntimeConfig } from "../../runtime";
import { configSchema } from "../../runtime/config/schema";
import { serve, type RunningLoc } from "../../runtime/serve";
import type { TriggerLogEvent } from "../../runtime/triggers/api-route";
import { startBareServer } from "./bare-handler";
import { ordersDirOf, stateDirOf } from "./job";
import { DATA_PROCESS, loadOrderHandlingConfig } from "./order-handling-runtime";
import { serverJobSchema, TRIVIAL_ROUTE, type ServerJob, type ServerReport } from "./runtime-server";

const TRIVIAL_LOGICS = fileURLToPath(new URL("./trivial/", import.meta.url));
/** Printed at most: a burst that goes wrong would otherwise print one line per request. */
const MAX_PRINTED = 20;
/**
 * The bench's servers close within this grace (the API route's, then the runtime's): by the time
 * it stops them it has waited for everything it measures, and Ctrl-C should not take 20 s.
 */
const SHUTDOWN_GRACE_MS = 3_000;
const EXIT_AFTER_SIGNAL_MS = 8_000;

interface Served {
  url: string;
  close(): Promise<ServerReport>;
}

const logCounts: Record<string, number> = {};
let printed = 0;
function log(event: TriggerLogEvent): void {
  logCounts[event.level] = (logCounts[event.level] ?? 0) + 1;
  if (event.level === "info" || printed >= MAX_PRINTED) return;
  printed++;
  process.stderr.write(`[server] ${JSON.stringify(event)}${printed === MAX_PRINTED ? " (further warnings not printed)" : ""}\n`);
}

function trivialConfig(stateDir: string): RuntimeConfig {
  return configSchema.parse({
    stateDir,
    dataProcesses: {
      sum: { generic: [join(TRIVIAL_LOGICS, "sum-generic.ts")], aggregator: join(TRIVIAL_LOGICS, "sum-aggregator.ts") },
    },
    server: { host: "127.0.0.1", port: 0, shutdownGraceMs: SHUTDOWN_GRACE_MS },
    // No envelope: the answer is `{ sum }`, the same JSON the bare handler writes.
    triggers: { apiRoutes: [{ method: "POST", path: TRIVIAL_ROUTE, dataProcesses: ["sum"], mode: "sync", encapsulation: false }] },
  });
}

async function ordersConfig(job: Extract<ServerJob, { kind: "orders" }>): Promise<RuntimeConfig> {
  const config = await loadOrderHandlingConfig({
    grafx: job.grafx,
    ordersDir: ordersDirOf(job.workDir),
    stateDir: stateDirOf(job.workDir),
    concurrency: job.concurrency,
    maxDownloadBytes: job.maxDownloadBytes,
  });
  const subscription = config.triggers.kafka[0];
  return {
    ...config,
    stateDir: stateDirOf(job.workDir),
    server: { ...config.server, host: "127.0.0.1", port: 0, shutdownGraceMs: SHUTDOWN_GRACE_MS },
    triggers: {
      // The API route as declared; no schedule; Kafka only where the job asks (never the dev broker).
      apiRoutes: config.triggers.apiRoutes,
      schedules: [],
      kafka:
        job.kafka && subscription
          ? [{ ...subscription, ...job.kafka, dataProcesses: [DATA_PROCESS], enabled: true }]
          : [],
    },
  };
}

async function serveRuntime(config: RuntimeConfig): Promise<Served> {
  const loc: RunningLoc = await serve(config, {
    log,
    port: 0,
    schedules: false,
    onConsole: (line) => log({ level: "warn", msg: "logic console", line }),
  });
  return {
    url: loc.apiRoute.url,
    async close() {
      const isolates = loc.runtime.isolateStats();
      await loc.close();
      return { closed: true, isolates, log: logCounts };
    },
  };
}

async function start(job: ServerJob): Promise<Served> {
  switch (job.kind) {
    case "bare": {
      const server = await startBareServer();
      return { url: server.url, close: async () => (await server.close(), { closed: true, isolates: null, log: logCounts }) };
    }
    case "trivial":
      return serveRuntime(trivialConfig(job.stateDir));
    case "orders":
      return serveRuntime(await ordersConfig(job));
  }
}

async function main(): Promise<void> {
  const lines = createInterface({ input: process.stdin });
  let jobLine: ((line: string | null) => void) | undefined;
  let askedToClose!: () => void;
  // Whichever comes first: a `close` line, stdin's end (the bench went away), SIGINT, SIGTERM.
  const closeAsked = new Promise<void>((resolve) => (askedToClose = resolve));
  const firstLine = new Promise<string | null>((resolve) => (jobLine = resolve));
  lines.on("line", (line) => {
    if (jobLine) {
      jobLine(line);
      jobLine = undefined;
    } else if (line.trim() === "close") askedToClose();
  });
  lines.once("close", () => {
    jobLine?.(null);
    askedToClose();
  });
  // On a signal (Ctrl-C, the bench aborting) the close is bounded: past EXIT_AFTER_SIGNAL_MS it exits anyway.
  const onSignal = () => {
    askedToClose();
    setTimeout(() => process.exit(130), EXIT_AFTER_SIGNAL_MS).unref();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  const text = await firstLine;
  if (text === null) return;
  const job = serverJobSchema.parse(JSON.parse(text));
  const started = performance.now();
  const served = await start(job);
  process.stdout.write(`${JSON.stringify({ ready: true, url: served.url, startMs: performance.now() - started })}\n`);
  await closeAsked;
  const report = await served.close();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench server failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
