/**
 * A measurement child (started by scripts/bench/run-child.ts with `node --expose-gc --import tsx`):
 * reads one job as JSON on stdin, runs one approach over its orders — warm-up first, then the
 * measured run with RSS sampled — and prints one JSON line (`ChildResult`) on stdout. Nothing else
 * goes to stdout; problems go to stderr with exit code 1.
 *
 * The data process runs as the manual trigger runs it (`runtime.execute`): one execution for all
 * the orders, or with `executionPerOrder` one per order, all started at once. Its RSS is this
 * process's PLUS its Deno host child's (where the logics' isolates live).
 */
import { performance } from "node:perf_hooks";
import { text } from "node:stream/consumers";
import { childJobSchema, ordersDirOf, stateDirOf, type ChildJob, type ChildResult } from "./job";
import { downloadedCount, executeOrders, startOrderHandling } from "./order-handling-runtime";
import { executionPhases, type ExecutionPhases } from "./execution-phases";
import { waitForDenoChild } from "./process-rss";
import { startRssSampler, type SampledProcess } from "./rss-sampler";
import { runTutorialLoop } from "./tutorial-loop";

interface RunOutcome {
  downloaded: number;
  status: number | null;
  phases?: ExecutionPhases | null;
}

interface ApproachRunner {
  run(taskIds: readonly string[]): Promise<RunOutcome>;
  /** Processes besides this one that hold the approach's memory (the runtime's Deno host). */
  helpers(): Promise<SampledProcess[]>;
  /** Logic isolates started so far (data process only). */
  isolatesStarted(): number | null;
  close(): Promise<void>;
}

async function startApproach(job: ChildJob): Promise<ApproachRunner> {
  const ordersDir = ordersDirOf(job.workDir);
  if (job.approach === "baseline") {
    return {
      async run(taskIds) {
        const outcome = await runTutorialLoop(job.grafx, taskIds, ordersDir);
        for (const failure of outcome.failures) process.stderr.write(`baseline: ${failure}\n`);
        return { downloaded: outcome.downloaded, status: null };
      },
      helpers: async () => [],
      isolatesStarted: () => null,
      close: async () => undefined,
    };
  }
  const runtime = await startOrderHandling({
    grafx: job.grafx,
    ordersDir,
    stateDir: stateDirOf(job.workDir),
    concurrency: job.concurrency,
    maxDownloadBytes: job.maxDownloadBytes,
  });
  return {
    async run(taskIds) {
      if (!job.executionPerOrder) {
        const record = await executeOrders(runtime, taskIds);
        return { downloaded: downloadedCount(record), status: record.status, phases: executionPhases(record) };
      }
      const records = await Promise.all(taskIds.map((taskId) => executeOrders(runtime, [taskId])));
      return {
        downloaded: records.reduce((sum, record) => sum + downloadedCount(record), 0),
        // The worst of them: any failure shows.
        status: Math.max(...records.map((record) => record.status)),
      };
    },
    async helpers() {
      const deno = await waitForDenoChild(process.pid);
      if (deno === undefined) throw new Error("the runtime's Deno host process was not found among this process's children");
      return [{ pid: deno, label: "deno" }];
    },
    isolatesStarted: () => runtime.isolateStats().started,
    close: () => runtime.close(1000),
  };
}

async function elapsed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

async function measure(job: ChildJob): Promise<ChildResult> {
  const setup = await elapsed(() => startApproach(job));
  const runner = setup.value;
  try {
    const warmup = await elapsed(async () => (job.warmupTaskIds.length > 0 ? runner.run(job.warmupTaskIds) : null));
    const helpers = await runner.helpers();
    const sampler = await startRssSampler(job.sampleEveryMs, [{ pid: process.pid, label: "node" }, ...helpers]);
    // Both sides start from a collected heap, so the growth measured is the run's own.
    (globalThis as { gc?: () => void }).gc?.();
    sampler.begin();
    const isolatesBefore = runner.isolatesStarted();
    const measured = await elapsed(() => runner.run(job.taskIds));
    const rss = await sampler.end();
    const isolatesAfter = runner.isolatesStarted();
    const after = await runner.helpers();
    const notes = helpers
      .filter((helper) => !after.some((now) => now.pid === helper.pid))
      .map((helper) => `the ${helper.label} process ${helper.pid} was replaced during the run (it crashed?): its successor's memory is not in the figure`);
    return {
      approach: job.approach,
      setupMs: setup.ms,
      warmupMs: warmup.ms,
      wallMs: measured.ms,
      downloaded: measured.value.downloaded,
      status: measured.value.status,
      rss,
      notes,
      isolatesStarted: isolatesBefore === null || isolatesAfter === null ? null : isolatesAfter - isolatesBefore,
      phasesMs: measured.value.phases ?? null,
    };
  } finally {
    await runner.close();
  }
}

async function main(): Promise<void> {
  const job = childJobSchema.parse(JSON.parse(await text(process.stdin)));
  const result = await measure(job);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench child failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
