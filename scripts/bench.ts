/**
 * `npm run bench [-- --help]`: every figure of issue 9, measured side by side in one run against
 * one GraFx simulator on 127.0.0.1 — each in scripts/bench/ (one concept per file):
 *   trivial  per-execution cost: a trivial data process behind a sync API route vs a bare handler;
 *   cli      `loc-local --help` and a trivial `loc-local run`, from spawn to exit;
 *   batch    1,000 orders at 100 ms status latency vs the latency floor and the tutorial's loop;
 *   burst    200 concurrent one-order requests: answers, and the runtime's peak RSS (Node + Deno);
 *   memory   one 128 MiB output, and four at once: peak RSS growth per file byte;
 *   kafka    1,000 one-order records over 4 partitions through the real Kafka trigger, twice:
 *            just after the server started, then running (the figure).
 * Prints progress lines, then a table, then ONE JSON line with every number and its target. A
 * figure that cannot be measured is null (with the reason among `problems`); exit code 1 then.
 * Every process and temp folder it made is gone when it ends, on failure and on Ctrl-C too.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { measureBatch } from "./bench/batch";
import { measureBurst } from "./bench/burst";
import { measureCli } from "./bench/cli-start";
import { BENCH_BUDGET_MS, startBenchSimulator, type BenchContext } from "./bench/context";
import { measureKafka } from "./bench/kafka-throughput";
import { spreadOverFreshBlockGroups, stageFolder } from "./bench/fresh-block-groups";
import { endLeftovers } from "./bench/leftover-processes";
import { measureMemory } from "./bench/memory";
import { benchUsage, parseBenchOptions, STAGES, type Stage } from "./bench/options";
import { buildSummary, formatSummary, type StageResults } from "./bench/report";
import { measureTrivialDataProcess } from "./bench/trivial-data-process";
import { measureTrivialRoute } from "./bench/trivial-route";

const STAGE_RUNNERS: { [S in Stage]: (context: BenchContext) => Promise<StageResults[S]> } = {
  trivial: async (context) => {
    const route = await measureTrivialRoute(context);
    context.progress(`trivial: route ${route.route.perSecond}/s at 8, p50 ${route.route.p50Ms} ms; bare ${route.bare.perSecond}/s, p50 ${route.bare.p50Ms} ms`);
    const executor = await measureTrivialDataProcess(context.workRoot);
    context.progress(`trivial: executor directly ${executor.perSecondAt8}/s at 8, p50 ${executor.p50Ms} ms`);
    return { route, executor };
  },
  cli: measureCli,
  batch: measureBatch,
  burst: measureBurst,
  memory: measureMemory,
  kafka: measureKafka,
};

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error)).split("\n")[0]!;

async function main(): Promise<number> {
  const options = parseBenchOptions(process.argv.slice(2));
  if (!options) {
    console.log(benchUsage);
    return 0;
  }
  const began = performance.now();
  const progress = (line: string) => console.log(`[bench ${((performance.now() - began) / 1000).toFixed(1).padStart(5)} s] ${line}`);
  const interrupted = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted.signal.aborted) return;
    progress(`${signal}: stopping, cleaning up`);
    interrupted.abort(new Error(`interrupted by ${signal}`));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const results: StageResults = { trivial: null, cli: null, batch: null, burst: null, memory: null, kafka: null };
  const errors: Record<string, string> = {};
  const skipped: Record<string, string> = {};
  const fileCreateUs: Record<string, number> = {};
  // Every stage's files stay until the whole bench is done: deleting thousands of small files slows
  // the file creations after them on this machine's disk (./bench/fresh-block-groups), so one
  // stage's clean-up would tax the next stage's measurement.
  const workRoot = await mkdtemp(join(tmpdir(), "grafx-bench-"));
  const spread = spreadOverFreshBlockGroups(workRoot);
  progress(spread.applied ? `work root ${workRoot}: its folders go to fresh block groups (chattr +T)` : `work root ${workRoot}: ${spread.why}`);
  let leftovers: string[] = [];
  try {
    const sim = await startBenchSimulator();
    try {
      const budgetLeftMs = () => BENCH_BUDGET_MS - (performance.now() - began);
      const skip = (figure: string, why: string) => {
        skipped[figure] = why;
        progress(`${figure}: skipped — ${why}`);
      };
      const context: BenchContext = { options, sim, workRoot, signal: interrupted.signal, progress, budgetLeftMs, skip };
      for (const stage of STAGES) {
        if (!options.stages.has(stage)) continue;
        interrupted.signal.throwIfAborted();
        const folder = stageFolder(workRoot, stage);
        fileCreateUs[stage] = folder.createUs;
        const started = performance.now();
        const placed = folder.tries > 1 ? `, the quietest of ${folder.tries} folders tried` : "";
        progress(`${stage}: starting (creating a file in its folder takes ${folder.createUs} µs${placed})`);
        try {
          // Each runner fills its own slot; the mapped type ties the two together.
          (results as Record<Stage, unknown>)[stage] = await STAGE_RUNNERS[stage]({ ...context, workRoot: folder.dir });
          progress(`${stage}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        } catch (error) {
          if (interrupted.signal.aborted) throw interrupted.signal.reason;
          errors[stage] = describe(error);
          progress(`${stage}: FAILED after ${((performance.now() - started) / 1000).toFixed(1)} s: ${describe(error)}`);
        }
      }
    } finally {
      await sim.close();
    }
  } finally {
    leftovers = await endLeftovers();
    for (const line of leftovers) progress(`leftover: ${line}`);
    await rm(workRoot, { recursive: true, force: true });
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }

  const summary = buildSummary(options, results, { errors, skipped, leftovers, fileCreateUs, freshBlockGroups: spread.applied }, performance.now() - began);
  console.log("");
  console.log(formatSummary(summary));
  console.log(JSON.stringify(summary));
  return summary.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench failed: ${describe(error)}`);
    process.exit(error instanceof Error && /^interrupted/.test(error.message) ? 130 : 1);
  },
);
