/**
 * The per-execution cost of the runtime itself, without HTTP: a trivial data process (a generic logic
 * summing two numbers from the body, an aggregator finalizing it) executed through the manual
 * trigger's path (`runtime.execute`) in the bench's own process, one at a time (p50) and 8 at once
 * (rate) — the same measurement as the recorded TRIVIAL_BEFORE (scripts/bench/report.ts).
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { manualPayload } from "../../runtime/triggers/manual/manual-payload";
import { configSchema } from "../../runtime/config/schema";
import { startRuntime } from "../../runtime/executor";
import { remember } from "./leftover-processes";
import { denoChildOf } from "./process-rss";

const LOGICS = fileURLToPath(new URL("./trivial/", import.meta.url));
const SEQUENTIAL = 40;
const CONCURRENT = 8;
const CONCURRENT_TOTAL = 80;

export interface TrivialCost {
  p50Ms: number;
  perSecondOneAtATime: number;
  perSecondAt8: number;
}

const percentile = (values: number[], p: number) => [...values].sort((x, y) => x - y)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

export async function measureTrivialDataProcess(workRoot: string): Promise<TrivialCost> {
  const stateDir = join(workRoot, "trivial-executor-state");
  const config = configSchema.parse({
    stateDir,
    dataProcesses: { sum: { generic: [join(LOGICS, "sum-generic.ts")], aggregator: join(LOGICS, "sum-aggregator.ts") } },
  });
  const runtime = await startRuntime(config, { onLog: () => undefined });
  // In the bench's own process: its Deno host is this process's child, checked for at the end.
  remember(denoChildOf(process.pid), "deno", "the trivial executor's Deno host");
  const execute = async () => {
    const record = await runtime.execute({
      dataProcesses: ["sum"],
      payload: manualPayload(JSON.stringify({ a: 2, b: 3 }), crypto.randomUUID()),
      triggerType: "Manual",
    });
    if ((record.result as { sum?: number }).sum !== 5) throw new Error(`trivial data process answered ${JSON.stringify(record.result)}`);
  };
  try {
    for (let warm = 0; warm < 3; warm++) await execute();
    const durations: number[] = [];
    const sequentialStart = performance.now();
    for (let index = 0; index < SEQUENTIAL; index++) {
      const started = performance.now();
      await execute();
      durations.push(performance.now() - started);
    }
    const sequentialMs = performance.now() - sequentialStart;
    let next = 0;
    const concurrentStart = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENT }, async () => {
        while (next++ < CONCURRENT_TOTAL) await execute();
      }),
    );
    const concurrentMs = performance.now() - concurrentStart;
    return {
      p50Ms: Number(percentile(durations, 0.5).toFixed(1)),
      perSecondOneAtATime: Number((SEQUENTIAL / (sequentialMs / 1000)).toFixed(1)),
      perSecondAt8: Number((CONCURRENT_TOTAL / (concurrentMs / 1000)).toFixed(1)),
    };
  } finally {
    await runtime.close(0);
  }
}
