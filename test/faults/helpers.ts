/**
 * The fault suite's world: the GraFx simulator, `grafx-order-handling` configured with the BUILT
 * bundles (dist/, as `npm test` builds them) over a temp dir, runtimes started in this process or in
 * a child process that can be killed, and the inventory the suite's figures come from: what every
 * order came to on disk and at the simulator.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startGrafxSimulator, outputSha256, type GrafxSimulator, type GrafxSimulatorOptions, type OutputFormat } from "../../grafx-simulator";
import type { OrderHandlingResult } from "../../lib/result/build-result";
import { manualPayload } from "../../runtime/triggers/manual/manual-payload";
import { configSchema } from "../../runtime/config/schema";
import type { ExecutionRecord } from "../../runtime/contract";
import { startRuntime, type LocalRuntime } from "../../runtime/executor";
import { DATA_PROCESS, ORDER_HANDLING_LOGICS, orderHandlingConfig } from "../helpers/order-handling-config";
import { listFiles } from "../helpers/list-files";

export const OUTPUT_EXTENSION = /\.(pdf|png|jpg|gif|mp4|zip)$/i;

/** One order the suite submitted, and what its output must be. */
export interface TrackedOrder {
  taskId: string;
  format: OutputFormat;
  sizeBytes: number;
  /** The fault kind it was given (for the figures). */
  fault: string;
  /** GraFx reports the task failed: a final outcome, the order legitimately ends without a file. */
  endsFailed?: boolean;
}

export interface Execution {
  record: ExecutionRecord;
  status: number;
  result: OrderHandlingResult;
}

export interface FaultWorld {
  dir: string;
  ordersDir: string;
  sim: GrafxSimulator;
  /** The runtime configuration (plain JSON: what a config file holds). */
  config: ReturnType<typeof orderHandlingConfig>;
  /** Writes the configuration to a file, for a child `loc-local execute`. */
  writeConfigFile(): Promise<string>;
  /** A fresh runtime in this process, closed with the world. */
  startRuntime(): Promise<LocalRuntime>;
  execute(runtime: LocalRuntime, body: unknown): Promise<Execution>;
  close(): Promise<void>;
}

export function requireBuiltBundles(): void {
  const missing = [...ORDER_HANDLING_LOGICS.bundles.generic, ORDER_HANDLING_LOGICS.bundles.aggregator].filter((file) => !existsSync(file));
  if (missing.length > 0) throw new Error(`the fault suite runs the built bundles: run \`npm run build\` first (missing ${missing.join(", ")})`);
}

export async function startFaultWorld(
  options: { variables?: Record<string, string>; simulator?: GrafxSimulatorOptions; apiTimeoutMs?: number } = {},
): Promise<FaultWorld> {
  requireBuiltBundles();
  const dir = await mkdtemp(join(tmpdir(), "grafx-faults-"));
  const sim = await startGrafxSimulator(options.simulator ?? {});
  const config = orderHandlingConfig({ dir, sim, logics: ORDER_HANDLING_LOGICS.bundles, variables: options.variables, apiTimeoutMs: options.apiTimeoutMs });
  const runtimes: LocalRuntime[] = [];
  let executions = 0;
  return {
    dir,
    ordersDir: join(dir, "orders"),
    sim,
    config,
    async writeConfigFile() {
      const file = join(dir, "loc.config.json");
      await writeFile(file, JSON.stringify(config, null, 2));
      return file;
    },
    async startRuntime() {
      const runtime = await startRuntime(configSchema.parse(config));
      runtimes.push(runtime);
      return runtime;
    },
    async execute(runtime, body) {
      const text = body === undefined || body === "" ? "" : JSON.stringify(body);
      const record = await runtime.execute({ dataProcesses: [DATA_PROCESS], triggerType: "Manual", payload: manualPayload(text, `faults-${++executions}`) });
      const result = record.result.grafx_order_handling as OrderHandlingResult | undefined;
      if (!result) {
        const logs = record.logs.map((entry) => entry.message).join("\n");
        throw new Error(`execution ${record.executionId} ended ${record.status}${record.timedOut ? " (timed out)" : ""} without a result; logs:\n${logs.slice(-4000)}`);
      }
      return { record, status: record.status, result };
    },
    async close() {
      await Promise.all(runtimes.map((runtime) => runtime.close(1000)));
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export const outputPath = (order: TrackedOrder) => `sim-env/${order.taskId}.${order.format}`;

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Whether `bytes` are the whole, right output of one of `orders` named in `path`. */
function isCompleteOutput(path: string, bytes: Uint8Array, orders: readonly TrackedOrder[]): boolean {
  const order = orders.find((candidate) => path.includes(candidate.taskId));
  return order !== undefined && bytes.byteLength === order.sizeBytes && sha256(bytes) === outputSha256(order);
}

export interface Inventory {
  /** Orders whose output file is there, whole and byte-correct. */
  downloaded: number;
  /** Orders with a pending record (they will be worked again). */
  pending: number;
  /** Orders GraFx failed (final, reported). */
  failed: number;
  /** Neither a correct file, nor a pending record, nor a final failure. */
  lost: string[];
  /** Orders whose correct file is there and whose pending record is gone: done with. */
  finished: string[];
  /** Output files at an order's path with wrong or missing bytes. */
  corrupt: string[];
  /** Files named like an output (by extension) anywhere in the storage that are not a whole, right output. */
  partialVisible: string[];
  /** Completed downloads (the simulator sent the whole body) per order. */
  downloadsPerOrder: Map<string, number>;
  /** Completed downloads beyond the first, summed over the orders. */
  duplicateDownloads: number;
  /** Requests that reached the second origin carrying an Authorization header. */
  tokensOffOrigin: number;
}

/** What every order came to: files on disk (read byte by byte) and downloads at the simulator. */
export async function takeInventory(world: Pick<FaultWorld, "ordersDir" | "sim">, orders: readonly TrackedOrder[]): Promise<Inventory> {
  const files = await listFiles(world.ordersDir);
  const present = new Set(files);
  const inventory: Inventory = {
    downloaded: 0,
    pending: 0,
    failed: 0,
    lost: [],
    finished: [],
    corrupt: [],
    partialVisible: [],
    downloadsPerOrder: new Map(),
    duplicateDownloads: 0,
    tokensOffOrigin: world.sim.requests.filter((request) => request.origin === "second" && request.hasAuthorization).length,
  };
  for (const path of files.filter((file) => OUTPUT_EXTENSION.test(file))) {
    const bytes = await readFile(join(world.ordersDir, path));
    if (!isCompleteOutput(path, bytes, orders)) inventory.partialVisible.push(path);
  }
  const completed = world.sim.requests.filter((request) => request.stage === "download" && request.status === 200);
  for (const order of orders) {
    const downloads = completed.filter((request) => request.path.split("/").includes(order.taskId)).length;
    inventory.downloadsPerOrder.set(order.taskId, downloads);
    inventory.duplicateDownloads += Math.max(0, downloads - 1);
    const path = outputPath(order);
    const fileOk = present.has(path) && isCompleteOutput(path, await readFile(join(world.ordersDir, path)), orders);
    if (present.has(path) && !fileOk) inventory.corrupt.push(path);
    const hasRecord = present.has(`.pending/${order.taskId}.json`);
    if (fileOk && !hasRecord) inventory.finished.push(order.taskId);
    if (fileOk) inventory.downloaded++;
    else if (hasRecord) inventory.pending++;
    else if (order.endsFailed) inventory.failed++;
    else inventory.lost.push(order.taskId);
  }
  return inventory;
}

/** The leases in the pending records: task id → when it ends (epoch ms), to wait out a dead execution's. */
export async function leasesOnDisk(ordersDir: string): Promise<Map<string, number>> {
  const dir = join(ordersDir, ".pending");
  const leases = new Map<string, number>();
  for (const name of await readdir(dir).catch(() => [])) {
    if (!name.endsWith(".json")) continue;
    const record = JSON.parse(await readFile(join(dir, name), "utf8").catch(() => "{}")) as { taskId?: string; leaseExpiresAt?: string };
    if (record.taskId && record.leaseExpiresAt) leases.set(record.taskId, Date.parse(record.leaseExpiresAt));
  }
  return leases;
}

/**
 * Token values an `echoToken` fault echoed that made it unredacted into `text` (an execution record:
 * result, logs, tasks): `access_token=…`, `"access_token":"…"` at any depth of JSON escaping, `Bearer …`.
 */
export function unredactedTokens(text: string): string[] {
  const pattern = /(?:access_token(?:=|\\*"\s*:\s*\\*")|Bearer\s+)([A-Za-z0-9_-]{20,})/g;
  return [...text.matchAll(pattern)].map((match) => match[1]!);
}

/** The figures every fault suite prints (the issue's list), and any more it has. */
export type Figures = {
  "inputs tried": number;
  "5xx": number;
  crashes: number;
  "orders lost": number;
  corrupt: number;
  "duplicate downloads": number;
  "partial files visible": number;
} & Record<string, number | string>;

/** One line per suite, for the log of `npm test`. */
export function printFigures(suite: string, figures: Figures): void {
  console.log(`[faults] ${suite}: ${Object.entries(figures).map(([name, value]) => `${name}=${value}`).join(", ")}`);
}
