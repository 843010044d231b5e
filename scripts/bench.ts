/**
 * `npm run bench [-- --orders N --concurrency N --latency-ms MS --order-kib N --size-mib N]`:
 * the tutorial's sequential loop (baseline) and the `grafx-order-handling` data process on the
 * local runtime, side by side in one run, against one GraFx simulator on 127.0.0.1:
 *   0. per-execution cost — a trivial data process, one at a time and 8 at once;
 *   1. throughput — N orders whose status calls are slow, each downloaded and written;
 *   2. memory — one large output, with peak RSS growth over the start.
 * Each measurement runs in a fresh child process (scripts/bench/measure.ts). Prints each child's
 * JSON, then a table, then one JSON line with every number. Exit 1 when a file check fails.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startGrafxSimulator, type FaultInput, type GrafxSimulator } from "../grafx-simulator";
import { checkOutputs, type ExpectedOutput } from "./bench/check-outputs";
import { ordersDirOf, type Approach, type ChildJob } from "./bench/job";
import { benchUsage, parseBenchOptions, type BenchOptions } from "./bench/options";
import { buildSummary, formatSummary, type Measured } from "./bench/report";
import { runMeasurementChild } from "./bench/run-child";
import { measureTrivialDataProcess } from "./bench/trivial-data-process";

const SAMPLE_EVERY_MS = 20;
const WARMUP_BYTES = 64 * 1024;
const DEFAULT_MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024;
const FORMAT = "pdf";
/** The simulator's credentials are the bench's own: nothing real is ever involved. */
const CLIENT_SECRET = "bench-secret";

interface Scenario {
  name: "throughput" | "memory";
  orders: number;
  sizeBytes: number;
  statusFaults: FaultInput[];
  timeoutMs: number;
}

interface BenchContext {
  options: BenchOptions;
  sim: GrafxSimulator;
  workRoot: string;
  signal: AbortSignal;
}

function createOutputs(sim: GrafxSimulator, count: number, sizeBytes: number, faults: FaultInput[]): ExpectedOutput[] {
  return Array.from({ length: count }, () => ({ ...sim.createTask({ format: FORMAT, sizeBytes, faults }), format: FORMAT, sizeBytes }));
}

/** One approach over fresh tasks and a fresh output dir; the files are checked, then removed. */
async function measureApproach(context: BenchContext, scenario: Scenario, approach: Approach): Promise<Measured> {
  const { options, sim, workRoot } = context;
  const workDir = join(workRoot, `${scenario.name}-${approach}`);
  const warmup = createOutputs(sim, 1, Math.min(WARMUP_BYTES, scenario.sizeBytes), scenario.statusFaults);
  const outputs = createOutputs(sim, scenario.orders, scenario.sizeBytes, scenario.statusFaults);
  const job: ChildJob = {
    approach,
    grafx: { url: sim.url, authUrl: sim.authUrl, environment: sim.environment, clientId: sim.clientId, clientSecret: CLIENT_SECRET },
    warmupTaskIds: warmup.map((output) => output.taskId),
    taskIds: outputs.map((output) => output.taskId),
    workDir,
    concurrency: options.concurrency,
    maxDownloadBytes: Math.max(DEFAULT_MAX_DOWNLOAD_BYTES, options.largeBytes),
    sampleEveryMs: SAMPLE_EVERY_MS,
  };
  try {
    const child = await runMeasurementChild(job, { timeoutMs: scenario.timeoutMs, signal: context.signal });
    console.log(`[bench] ${scenario.name} / ${approach}: ${JSON.stringify(child)}`);
    const files = await checkOutputs(ordersDirOf(workDir), outputs);
    return { child, files };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function measureBoth(context: BenchContext, scenario: Scenario): Promise<{ baseline: Measured; dataProcess: Measured }> {
  const baseline = await measureApproach(context, scenario, "baseline");
  const dataProcess = await measureApproach(context, scenario, "data-process");
  return { baseline, dataProcess };
}

async function main(): Promise<number> {
  const options = parseBenchOptions(process.argv.slice(2));
  if (!options) {
    console.log(benchUsage);
    return 0;
  }
  const interrupted = new AbortController();
  const onSignal = () => interrupted.abort(new Error("interrupted"));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  const workRoot = await mkdtemp(join(tmpdir(), "grafx-bench-"));
  let sim: GrafxSimulator | undefined;
  try {
    sim = await startGrafxSimulator({ host: "127.0.0.1", clientSecret: CLIENT_SECRET });
    const context: BenchContext = { options, sim, workRoot, signal: interrupted.signal };
    const trivial = await measureTrivialDataProcess();
    console.log(`[bench] trivial data process: ${JSON.stringify(trivial)}`);
    const latency: FaultInput[] = options.latencyMs > 0 ? [{ latencyMs: options.latencyMs, stage: "status" }] : [];
    const throughput = await measureBoth(context, {
      name: "throughput",
      orders: options.orders,
      sizeBytes: options.orderBytes,
      statusFaults: latency,
      timeoutMs: 60_000 + options.orders * (options.latencyMs + 100),
    });
    const memory = await measureBoth(context, { name: "memory", orders: 1, sizeBytes: options.largeBytes, statusFaults: [], timeoutMs: 120_000 });

    const summary = buildSummary(options, trivial, throughput, memory);
    console.log("");
    console.log(formatSummary(summary));
    console.log(JSON.stringify(summary));
    return summary.ok ? 0 : 1;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await sim?.close();
    await rm(workRoot, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
