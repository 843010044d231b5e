/** The bench's numbers: derived from the children's results, shown as tables, kept as one JSON object. */
import type { BenchOptions } from "./options";
import type { ChildResult } from "./job";
import type { OutputCheck } from "./check-outputs";
import type { TrivialCost } from "./trivial-data-process";

/**
 * The same measurement of the runtime before logics ran in Deno isolates (worker threads with a
 * node:vm context per logic, commit 4af7426), taken on this machine on 2026-11-30: that runtime
 * is gone, so its figure is recorded here rather than measured in the run.
 */
export const TRIVIAL_BEFORE: TrivialCost & { runtime: string } = {
  runtime: "worker_threads + node:vm (commit 4af7426)",
  p50Ms: 524.4,
  perSecondOneAtATime: 1.9,
  perSecondAt8: 8.1,
};

export interface Measured {
  child: ChildResult;
  files: OutputCheck;
}

const MIB = 1024 * 1024;
const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const mib = (bytes: number) => round(bytes / MIB, 1);

function throughputOf({ child, files }: Measured, orders: number) {
  return {
    wallMs: round(child.wallMs, 1),
    ordersPerSecond: round(orders / (child.wallMs / 1000)),
    setupMs: round(child.setupMs, 1),
    /** The one-order warm-up run: mostly an execution's fixed cost. */
    oneOrderMs: round(child.warmupMs, 1),
    reportedDownloaded: child.downloaded,
    status: child.status,
    filesOk: files.ok,
    peakRssGrowthMiB: mib(child.rss.peakGrowthBytes),
  };
}

function memoryOf({ child, files }: Measured, fileBytes: number) {
  const kernel = child.rss.kernelPeakGrowthBytes;
  return {
    wallMs: round(child.wallMs, 1),
    startRssMiB: mib(child.rss.startBytes),
    peakRssGrowthMiB: mib(child.rss.peakGrowthBytes),
    peakGrowthPerFileByte: round(child.rss.peakGrowthBytes / fileBytes, 3),
    kernelPeakRssGrowthMiB: kernel === null ? null : mib(kernel),
    kernelPeakGrowthPerFileByte: kernel === null ? null : round(kernel / fileBytes, 3),
    rssSamples: child.rss.samples,
    reportedDownloaded: child.downloaded,
    status: child.status,
    filesOk: files.ok,
  };
}

export function buildSummary(
  options: BenchOptions,
  trivial: TrivialCost,
  throughput: { baseline: Measured; dataProcess: Measured },
  memory: { baseline: Measured; dataProcess: Measured },
) {
  const tBase = throughputOf(throughput.baseline, options.orders);
  const tOurs = throughputOf(throughput.dataProcess, options.orders);
  const mBase = memoryOf(memory.baseline, options.largeBytes);
  const mOurs = memoryOf(memory.dataProcess, options.largeBytes);
  const problems = [throughput.baseline, throughput.dataProcess, memory.baseline, memory.dataProcess].flatMap((m) => m.files.problems);
  const allFiles = tBase.filesOk === options.orders && tOurs.filesOk === options.orders && mBase.filesOk === 1 && mOurs.filesOk === 1;
  return {
    bench: "grafx-order-handling",
    ok: allFiles && problems.length === 0,
    problems,
    trivial: { ...trivial, before: TRIVIAL_BEFORE },
    throughput: {
      orders: options.orders,
      statusLatencyMs: options.latencyMs,
      orderKiB: options.orderBytes / 1024,
      concurrency: options.concurrency,
      baseline: tBase,
      dataProcess: tOurs,
      /** Ours vs baseline, orders per second: above 1 means faster. */
      ordersPerSecondRatio: round(tOurs.ordersPerSecond / tBase.ordersPerSecond),
      /** Ours vs baseline, wall time: below 1 means faster. */
      wallTimeRatio: round(tOurs.wallMs / tBase.wallMs, 3),
    },
    memory: {
      fileMiB: mib(options.largeBytes),
      baseline: mBase,
      dataProcess: mOurs,
      /** Ours vs baseline, sampled peak RSS growth: above 1 means more memory. */
      peakRssGrowthRatio: round(memory.dataProcess.child.rss.peakGrowthBytes / Math.max(1, memory.baseline.child.rss.peakGrowthBytes)),
    },
  };
}

export type BenchSummary = ReturnType<typeof buildSummary>;

function table(headers: string[], rows: Array<Array<string | number | null>>): string {
  const cells = [headers, ...rows.map((row) => row.map((cell) => (cell === null ? "n/a" : String(cell))))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => row[column]!.length)));
  return cells.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ")).join("\n");
}

export function formatSummary(summary: BenchSummary): string {
  const t = summary.throughput;
  const m = summary.memory;
  const c = summary.trivial;
  const files = (ok: number, of: number) => `${ok}/${of}`;
  return [
    "Per-execution cost: a trivial data process (generic logic sums two numbers, aggregator finalizes), manual trigger",
    table(
      ["runtime", "p50 ms one at a time", "executions/s one at a time", "executions/s at 8 concurrent"],
      [
        [`before: ${c.before.runtime}, recorded`, c.before.p50Ms, c.before.perSecondOneAtATime, c.before.perSecondAt8],
        ["now: Deno isolates, measured", c.p50Ms, c.perSecondOneAtATime, c.perSecondAt8],
      ],
    ),
    "",
    `Throughput: ${t.orders} orders of ${t.orderKiB} KiB, every status call ${t.statusLatencyMs} ms late; data process CONCURRENCY ${t.concurrency}`,
    table(
      ["approach", "wall ms", "orders/s", "files ok", "peak RSS +MiB", "1-order run ms"],
      [
        ["tutorial loop (baseline)", t.baseline.wallMs, t.baseline.ordersPerSecond, files(t.baseline.filesOk, t.orders), t.baseline.peakRssGrowthMiB, t.baseline.oneOrderMs],
        ["data process (runtime)", t.dataProcess.wallMs, t.dataProcess.ordersPerSecond, files(t.dataProcess.filesOk, t.orders), t.dataProcess.peakRssGrowthMiB, t.dataProcess.oneOrderMs],
      ],
    ),
    `ratio ours/baseline: ${t.ordersPerSecondRatio}x orders/s (wall time ${t.wallTimeRatio}x)`,
    "",
    `Memory: one ${m.fileMiB} MiB output; RSS (process + worker threads) sampled every ~20 ms, growth over the start`,
    table(
      ["approach", "wall ms", "start MiB", "peak +MiB", "x file", "kernel peak +MiB", "x file", "file ok"],
      [
        ["fetch piped to file (baseline)", m.baseline.wallMs, m.baseline.startRssMiB, m.baseline.peakRssGrowthMiB, m.baseline.peakGrowthPerFileByte, m.baseline.kernelPeakRssGrowthMiB, m.baseline.kernelPeakGrowthPerFileByte, files(m.baseline.filesOk, 1)],
        ["data process (simplePut buffer)", m.dataProcess.wallMs, m.dataProcess.startRssMiB, m.dataProcess.peakRssGrowthMiB, m.dataProcess.peakGrowthPerFileByte, m.dataProcess.kernelPeakRssGrowthMiB, m.dataProcess.kernelPeakGrowthPerFileByte, files(m.dataProcess.filesOk, 1)],
      ],
    ),
    `ratio ours/baseline: ${m.peakRssGrowthRatio}x peak RSS growth`,
    ...(summary.problems.length > 0 ? ["", "PROBLEMS:", ...summary.problems.map((problem) => `  ${problem}`)] : []),
  ].join("\n");
}
