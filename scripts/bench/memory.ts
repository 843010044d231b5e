/**
 * Memory for large outputs: one `size` output, then four at once (four executions of one order
 * each, started together), each run in a fresh child through the manual path, after a warm-up of
 * the same shape with small outputs (one order; four executions at once), so that the runtime's
 * isolate pool already has what that many executions at once need. The figure is the peak growth
 * of the WHOLE runtime's resident set — its Node process plus its Deno host — over the start, per
 * byte of ONE file: LOC's `simplePut` takes the whole buffer, so 1× per download in flight is the
 * floor (1 for one file, 4 for four). `isolatesStarted` tells whether the pool still grew.
 */
import type { BenchContext } from "./context";
import { downloadedProblems } from "./downloaded-problems";
import { runOrders, type OrderRun } from "./order-run";

const MIB = 1024 * 1024;
const round = (value: number, digits = 3) => Number(value.toFixed(digits));

export interface MemoryRunFigures {
  wallMs: number;
  startMiB: number;
  peakGrowthMiB: number;
  /** Peak growth / one file's bytes. */
  growthPerFileByte: number;
  /** The kernel's peaks (VmHWM) summed: an upper bound, a check that sampling missed no spike. */
  kernelPeakGrowthMiB: number | null;
  /** Each process's own peak growth (they need not peak together). */
  nodePeakGrowthMiB: number | null;
  denoPeakGrowthMiB: number | null;
  samples: number;
  /** Logic isolates started during the measured run (each ~15 MiB more). */
  isolatesStarted: number | null;
}

export interface MemoryFigures {
  fileMiB: number;
  peakGrowthPerFileByte: number;
  fourAtOnceGrowthPerFileByte: number;
  one: MemoryRunFigures;
  fourAtOnce: MemoryRunFigures;
  problems: string[];
}

function runFigures({ child }: OrderRun, fileBytes: number): MemoryRunFigures {
  const { rss } = child;
  const growthOf = (label: string) => {
    const process = rss.processes.find((entry) => entry.label === label);
    return process ? round((process.peakBytes - process.startBytes) / MIB, 1) : null;
  };
  return {
    wallMs: round(child.wallMs, 1),
    startMiB: round(rss.startBytes / MIB, 1),
    peakGrowthMiB: round(rss.peakGrowthBytes / MIB, 1),
    growthPerFileByte: round(rss.peakGrowthBytes / fileBytes),
    kernelPeakGrowthMiB: rss.kernelPeakGrowthBytes === null ? null : round(rss.kernelPeakGrowthBytes / MIB, 1),
    nodePeakGrowthMiB: growthOf("node"),
    denoPeakGrowthMiB: growthOf("deno"),
    samples: rss.samples,
    isolatesStarted: child.isolatesStarted ?? null,
  };
}

export async function measureMemory(context: BenchContext): Promise<MemoryFigures> {
  const { options } = context;
  const common = { approach: "data-process" as const, sizeBytes: options.largeBytes, statusFaults: [], concurrency: options.concurrency, timeoutMs: 150_000 };
  const one = await runOrders(context, { ...common, name: "memory-one", orders: 1, executionPerOrder: false });
  const four = await runOrders(context, { ...common, name: "memory-four", orders: 4, executionPerOrder: true });
  const oneFigures = runFigures(one, options.largeBytes);
  const fourFigures = runFigures(four, options.largeBytes);
  return {
    fileMiB: round(options.largeBytes / MIB, 1),
    peakGrowthPerFileByte: oneFigures.growthPerFileByte,
    fourAtOnceGrowthPerFileByte: fourFigures.growthPerFileByte,
    one: oneFigures,
    fourAtOnce: fourFigures,
    problems: [...downloadedProblems("memory (one output)", one, 1), ...downloadedProblems("memory (four at once)", four, 4)],
  };
}
