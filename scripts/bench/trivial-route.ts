/**
 * The per-execution cost of the runtime: the trivial data process (a generic logic summing `a` and
 * `b` from the body, an aggregator finalizing it) behind a SYNC API route on a real HTTP server,
 * beside a bare node:http handler doing the same JSON work — each in its own process, measured the
 * same way by the same client: p50 one request at a time, and the rate at 8 concurrent clients.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { describeAnswer, jsonPoster, quantile, runLoad, type AnswerCheck, type LoadRun } from "./http-load";
import { cpuMs } from "./process-rss";
import { startRuntimeServer, TRIVIAL_ROUTE, type ServerJob } from "./runtime-server";

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

export const TRIVIAL_LOAD = {
  warmup: 20,
  oneAtATime: { clients: 1, maxRequests: 100_000, maxMs: 4_000 },
  concurrent: { clients: 8, maxRequests: 100_000, maxMs: 5_000 },
} as const;

export interface LoadFigures {
  p50Ms: number;
  perSecondOneAtATime: number;
  /** At 8 concurrent clients. */
  perSecond: number;
  p50MsAt8: number;
  requestsOneAtATime: number;
  requestsAt8: number;
  failed: number;
  firstFailure?: string;
  /** CPU time per request at 8 concurrent, of the server's Node process and of its Deno host (none for the bare handler). */
  nodeCpuMsPerRequest: number | null;
  denoCpuMsPerRequest: number | null;
}

export interface TrivialRouteFigures {
  route: LoadFigures & { serverStartMs: number; isolates: { started: number; reused: number } | null };
  bare: LoadFigures;
}

const expectSum: AnswerCheck = (answer) => {
  if (answer.status !== 200) return describeAnswer(answer);
  try {
    return (JSON.parse(answer.body) as { sum?: unknown }).sum === 5 ? null : describeAnswer(answer);
  } catch {
    return describeAnswer(answer);
  }
};

function figuresOf(oneAtATime: LoadRun, concurrent: LoadRun, cpu: Record<string, number | null>): LoadFigures {
  const failed = oneAtATime.failed + concurrent.failed;
  const perRequest = (label: string) => {
    const ms = cpu[label];
    return ms === null || ms === undefined ? null : round(ms / Math.max(1, concurrent.durations.length), 2);
  };
  return {
    p50Ms: round(quantile(oneAtATime.durations, 0.5), 2),
    perSecondOneAtATime: round(oneAtATime.durations.length / (oneAtATime.wallMs / 1000)),
    perSecond: round(concurrent.durations.length / (concurrent.wallMs / 1000)),
    p50MsAt8: round(quantile(concurrent.durations, 0.5), 2),
    requestsOneAtATime: oneAtATime.durations.length,
    requestsAt8: concurrent.durations.length,
    failed,
    ...(failed > 0 ? { firstFailure: oneAtATime.firstFailure ?? concurrent.firstFailure } : {}),
    nodeCpuMsPerRequest: perRequest("node"),
    denoCpuMsPerRequest: perRequest("deno"),
  };
}

async function measureServer(job: ServerJob, path: string, signal: AbortSignal) {
  const server = await startRuntimeServer(job, { signal });
  let report;
  let figures: LoadFigures;
  try {
    const poster = jsonPoster(server.url, { signal });
    try {
      const send = () => poster.post(path, { a: 2, b: 3 });
      await runLoad(send, expectSum, { clients: 1, maxRequests: TRIVIAL_LOAD.warmup, maxMs: 30_000, signal });
      const oneAtATime = await runLoad(send, expectSum, { ...TRIVIAL_LOAD.oneAtATime, signal });
      const cpuBefore = server.processes.map((process) => cpuMs(process.pid));
      const concurrent = await runLoad(send, expectSum, { ...TRIVIAL_LOAD.concurrent, signal });
      const cpu = Object.fromEntries(
        server.processes.map((process, index) => {
          const [before, after] = [cpuBefore[index], cpuMs(process.pid)];
          return [process.label, before === null || before === undefined || after === null ? null : after - before];
        }),
      );
      signal.throwIfAborted();
      figures = figuresOf(oneAtATime, concurrent, cpu);
    } finally {
      poster.close();
    }
  } finally {
    report = await server.stop();
  }
  return { figures, startMs: server.startMs, report };
}

export async function measureTrivialRoute({ workRoot, signal }: { workRoot: string; signal: AbortSignal }): Promise<TrivialRouteFigures> {
  const bare = await measureServer({ kind: "bare" }, "/", signal);
  const stateDir = join(workRoot, "trivial-route-state");
  await mkdir(stateDir, { recursive: true });
  const route = await measureServer({ kind: "trivial", stateDir }, TRIVIAL_ROUTE, signal);
  return { route: { ...route.figures, serverStartMs: round(route.startMs), isolates: route.report.isolates }, bare: bare.figures };
}
