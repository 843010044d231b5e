/**
 * The real `grafx-order-handling` bundles (dist/, from `npm run build`) behind one `serve` — the API
 * route server, the schedules and the Kafka subscription of a config — against the GraFx simulator,
 * with its state and orders in a temp dir. The config is written as a file (absolute paths), so the
 * manual CLI can run the same data process with it.
 */
import { randomUUID } from "node:crypto";
import { access, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ApiRouteConfig, RuntimeConfig } from "../../../runtime/config/schema";
import { loadConfig } from "../../../runtime/config/load";
import type { LogEntry } from "../../../runtime/contract";
import { serve, type RunningLoc } from "../../../runtime/serve";
import { startGrafxSimulator, type GrafxSimulator } from "../../../grafx-simulator";
import { LogRecorder } from "../../triggers/helpers/log-recorder";
import { runManualCli, type CliRun } from "./manual-cli";
import { listFiles } from "../../helpers/list-files";
import { DATA_PROCESS, ORDER_HANDLING_LOGICS, orderHandlingConfig } from "../../helpers/order-handling-config";

export { DATA_PROCESS };
const BUNDLES = ORDER_HANDLING_LOGICS.bundles;

export interface KafkaWiring {
  brokers: string;
  topic: string;
  groupId: string;
  replyTopic: string;
}

export interface LocalLocOptions {
  /** Routes to `grafx-order-handling` (method and path, plus any other route field). */
  apiRoutes?: Array<Partial<Omit<ApiRouteConfig, "dataProcesses">> & Pick<ApiRouteConfig, "method" | "path">>;
  kafka?: KafkaWiring;
  /** Cron expressions of schedules running `grafx-order-handling`. */
  schedules?: string[];
  /** Serve the console too (on a free port): `loc.console.url`. */
  console?: boolean;
}

export interface LocalLoc {
  sim: GrafxSimulator;
  loc: RunningLoc;
  config: RuntimeConfig;
  configFile: string;
  /** `http://127.0.0.1:PORT` of the API route server. */
  url: string;
  /** The triggers' structured events (schedule runs, Kafka records…). */
  triggerLogs: LogRecorder;
  /** The logics' log entries, as they are written. */
  logicLogs: LogicLogRecorder;
  /** Every file under the `orders` file storage (dot files and temp files too), relative, sorted. */
  files(): Promise<string[]>;
  readOrderFile(path: string): Promise<Buffer>;
  /** `loc-local execute grafx-order-handling --payload <file> --config <configFile>` as a child process. */
  runCli(payload: unknown): Promise<CliRun>;
  close(): Promise<void>;
}

/** Collects the logics' log entries and lets a test await the n-th one matching. */
export class LogicLogRecorder {
  readonly entries: LogEntry[] = [];
  private waiters: Array<() => void> = [];

  readonly sink = (entry: LogEntry): void => {
    this.entries.push(entry);
    for (const wake of this.waiters.splice(0)) wake();
  };

  async count(matches: (entry: LogEntry) => boolean, count: number): Promise<LogEntry[]> {
    for (;;) {
      const found = this.entries.filter(matches);
      if (found.length >= count) return found;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}

/** The aggregator's "finalized" log line: the execution's file work is over. */
export const isFinalized = (entry: LogEntry): boolean => entry.logic === "finalize-orders" && /"event":"finalized/.test(entry.message);

async function assertBuilt(): Promise<void> {
  for (const bundle of [...BUNDLES.generic, BUNDLES.aggregator]) {
    await access(bundle).catch(() => {
      throw new Error(`${bundle} is missing: run \`npm run build\` before these tests`);
    });
  }
}

function configFileContent(dir: string, sim: GrafxSimulator, options: LocalLocOptions) {
  const dataProcesses = [DATA_PROCESS];
  return {
    ...orderHandlingConfig({ dir, sim, logics: BUNDLES, variables: { MAX_ATTEMPTS: "3" } }),
    server: { host: "127.0.0.1", port: 0, bodyLimitBytes: 1024 * 1024, shutdownGraceMs: 10_000 },
    triggers: {
      apiRoutes: (options.apiRoutes ?? [{ method: "POST", path: "/grafx/orders" }]).map((route) => ({ dataProcesses, ...route })),
      kafka: options.kafka ? [{ ...options.kafka, dataProcesses, enabled: true }] : [],
      schedules: (options.schedules ?? []).map((cron) => ({ cron, dataProcesses })),
    },
  };
}

export async function startLocalLoc(options: LocalLocOptions = {}): Promise<LocalLoc> {
  await assertBuilt();
  const dir = await mkdtemp(join(tmpdir(), "loc-e2e-"));
  const ordersDir = join(dir, "orders");
  const configFile = join(dir, "loc.config.json");
  const triggerLogs = new LogRecorder();
  const logicLogs = new LogicLogRecorder();
  let sim: GrafxSimulator | undefined;
  try {
    sim = await startGrafxSimulator();
    await writeFile(configFile, JSON.stringify(configFileContent(dir, sim, options), null, 2));
    const config = await loadConfig(configFile, { env: {} });
    const loc = await serve(config, { log: triggerLogs.log, onLog: logicLogs.sink, console: options.console ? { port: 0 } : undefined });
    const running = sim;
    return {
      sim: running,
      loc,
      config,
      configFile,
      url: loc.apiRoute.url,
      triggerLogs,
      logicLogs,
      files: () => listFiles(ordersDir),
      readOrderFile: (path) => readFile(join(ordersDir, path)),
      async runCli(payload) {
        const payloadFile = join(dir, `payload-${randomUUID()}.json`);
        await writeFile(payloadFile, JSON.stringify(payload));
        return runManualCli(["execute", DATA_PROCESS, "--payload", payloadFile, "--config", configFile]);
      },
      async close() {
        await loc.close();
        await running.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await sim?.close();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
