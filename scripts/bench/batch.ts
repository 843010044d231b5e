/**
 * Batches at the latency floor: `orders` orders against the simulator, every status call
 * `latencyMs` late, run by the data process (CONCURRENCY `concurrency`) as ONE execution through
 * the manual path, beside the tutorial's strictly sequential loop — measured on
 * `TUTORIAL_ORDERS` orders and scaled to `orders` (it is sequential: its time is linear in orders).
 * The floor is what the latency alone allows: ceil(orders / concurrency) rounds of latencyMs.
 */
import { statusLatency, type BenchContext } from "./context";
import { downloadedProblems } from "./downloaded-problems";
import { runOrders, type OrderRun } from "./order-run";

/** Orders the tutorial loop is measured on; its time is then scaled to the batch's orders. */
export const TUTORIAL_ORDERS = 100;

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

export interface BatchFigures {
  orders: number;
  latencyMs: number;
  concurrency: number;
  orderKiB: number;
  wallMs: number;
  floorMs: number;
  /** wallMs / floorMs. */
  wallOverFloor: number;
  /** The tutorial loop's wall time on `tutorialOrders`, scaled ×(orders / tutorialOrders). */
  tutorialWallMs: number;
  tutorialOrders: number;
  tutorialMeasuredMs: number;
  /** tutorialWallMs / wallMs: how many times faster the data process is. */
  speedupOverTutorial: number;
  /** The data process's one-order warm-up execution: mostly an execution's fixed cost. */
  oneOrderMs: number;
  /** Node + Deno host. */
  peakRssGrowthMiB: number;
  /** CPU time over the measured run: the runtime's Node process and Deno host (where it is bound by CPU, not latency). */
  nodeCpuMs: number | null;
  denoCpuMs: number | null;
  /** The bench's own process while the child ran (setup and warm-up included): the simulator, mostly. */
  simulatorCpuMs: number;
  /**
   * Where the data process's execution spent its time, from its logics' logs: recording the orders
   * as pending (read-orders), getting the token and checking and downloading them (process-orders;
   * also as a multiple of the floor), and finalizing. Null when the logs lacked a mark.
   */
  phasesMs: { readOrders: number; checks: number; checksOverFloor: number; finish: number } | null;
  status: number | null;
  filesOk: number;
  problems: string[];
}

function cpuOf(run: OrderRun, label: string): number | null {
  const cpu = run.child.rss.processes.find((process) => process.label === label)?.cpuMs;
  return cpu === null || cpu === undefined ? null : round(cpu, 0);
}

function phasesOf(run: OrderRun, floorMs: number): BatchFigures["phasesMs"] {
  const phases = run.child.phasesMs;
  if (!phases) return null;
  return { readOrders: phases.readOrdersMs, checks: phases.checksMs, checksOverFloor: round(phases.checksMs / Math.max(1, floorMs), 3), finish: phases.finishMs };
}

export function floorMsOf(orders: number, concurrency: number, latencyMs: number): number {
  return Math.ceil(orders / concurrency) * latencyMs;
}

export async function measureBatch(context: BenchContext): Promise<BatchFigures> {
  const { options } = context;
  const statusFaults = statusLatency(options.latencyMs);
  const tutorialOrders = Math.min(TUTORIAL_ORDERS, options.orders);
  const dataProcess = await runOrders(context, {
    name: "batch",
    approach: "data-process",
    orders: options.orders,
    sizeBytes: options.orderBytes,
    statusFaults,
    concurrency: options.concurrency,
    executionPerOrder: false,
    timeoutMs: 60_000 + Math.ceil(options.orders / options.concurrency) * (options.latencyMs + 200),
  });
  const tutorial = await runOrders(context, {
    name: "batch",
    approach: "baseline",
    orders: tutorialOrders,
    sizeBytes: options.orderBytes,
    statusFaults,
    concurrency: 1,
    executionPerOrder: false,
    timeoutMs: 60_000 + tutorialOrders * (options.latencyMs + 300),
  });
  const floorMs = floorMsOf(options.orders, options.concurrency, options.latencyMs);
  const tutorialWallMs = tutorial.child.wallMs * (options.orders / tutorialOrders);
  return {
    orders: options.orders,
    latencyMs: options.latencyMs,
    concurrency: options.concurrency,
    orderKiB: options.orderBytes / 1024,
    wallMs: round(dataProcess.child.wallMs),
    floorMs,
    wallOverFloor: round(dataProcess.child.wallMs / Math.max(1, floorMs), 3),
    tutorialWallMs: round(tutorialWallMs),
    tutorialOrders,
    tutorialMeasuredMs: round(tutorial.child.wallMs),
    speedupOverTutorial: round(tutorialWallMs / dataProcess.child.wallMs, 2),
    oneOrderMs: round(dataProcess.child.warmupMs),
    peakRssGrowthMiB: round(dataProcess.child.rss.peakGrowthBytes / 2 ** 20),
    nodeCpuMs: cpuOf(dataProcess, "node"),
    denoCpuMs: cpuOf(dataProcess, "deno"),
    simulatorCpuMs: round(dataProcess.simulatorCpuMs, 0),
    phasesMs: phasesOf(dataProcess, floorMs),
    status: dataProcess.child.status,
    filesOk: dataProcess.files.ok,
    problems: [
      ...downloadedProblems("batch (data process)", dataProcess, options.orders),
      ...downloadedProblems("batch (tutorial loop)", tutorial, tutorialOrders),
    ],
  };
}
