/**
 * One measured run over fresh orders in a fresh child process (scripts/bench/measure.ts): the
 * simulator's tasks are created, the approach runs them (after a small warm-up order), and then,
 * independently of what it reports, every output file is checked byte for byte. Its folder stays
 * until the bench ends (scripts/bench.ts says why).
 */
import { join } from "node:path";
import type { FaultInput } from "../../grafx-simulator";
import { checkOutputs, type OutputCheck } from "./check-outputs";
import { createOutputs, DEFAULT_MAX_DOWNLOAD_BYTES, grafxAccessOf, SAMPLE_EVERY_MS, type BenchContext } from "./context";
import { ordersDirOf, type Approach, type ChildJob, type ChildResult } from "./job";
import { runMeasurementChild } from "./run-child";

const WARMUP_BYTES = 64 * 1024;

export interface OrderRunSpec {
  /** Names the work folder and the progress line. */
  name: string;
  approach: Approach;
  orders: number;
  sizeBytes: number;
  statusFaults: FaultInput[];
  /** The data process's CONCURRENCY. */
  concurrency: number;
  /** One execution per order, all at once (else one execution for all of them). */
  executionPerOrder: boolean;
  timeoutMs: number;
}

export interface OrderRun {
  child: ChildResult;
  files: OutputCheck;
  /** CPU time of the bench's own process while the child ran: the simulator serving it, mostly. */
  simulatorCpuMs: number;
}

export async function runOrders(context: BenchContext, spec: OrderRunSpec): Promise<OrderRun> {
  const { sim, workRoot } = context;
  const workDir = join(workRoot, `${spec.name}-${spec.approach}`);
  // One small order first; with one execution per order, as many small orders at once as will be
  // measured: the runtime's isolate pool has then served that many executions at once (the pool
  // grows to a concurrency once, whatever the outputs' size), so the run measures its outputs.
  const warmupOrders = spec.executionPerOrder ? spec.orders : 1;
  const warmup = createOutputs(sim, warmupOrders, Math.min(WARMUP_BYTES, spec.sizeBytes), spec.statusFaults);
  const outputs = createOutputs(sim, spec.orders, spec.sizeBytes, spec.statusFaults);
  const job: ChildJob = {
    approach: spec.approach,
    grafx: grafxAccessOf(sim),
    warmupTaskIds: warmup.map((output) => output.taskId),
    taskIds: outputs.map((output) => output.taskId),
    workDir,
    concurrency: spec.concurrency,
    executionPerOrder: spec.executionPerOrder,
    maxDownloadBytes: Math.max(DEFAULT_MAX_DOWNLOAD_BYTES, spec.sizeBytes),
    sampleEveryMs: SAMPLE_EVERY_MS,
  };
  const cpuBefore = process.cpuUsage();
  const child = await runMeasurementChild(job, { timeoutMs: spec.timeoutMs, signal: context.signal });
  const cpu = process.cpuUsage(cpuBefore);
  const files = await checkOutputs(ordersDirOf(workDir), outputs);
  context.progress(`${spec.name} / ${spec.approach}: ${Math.round(child.wallMs)} ms, ${files.ok}/${files.expected} files ok`);
  return { child, files, simulatorCpuMs: (cpu.user + cpu.system) / 1000 };
}
