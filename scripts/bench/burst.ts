/**
 * Memory and answers under a burst: `BURST_REQUESTS` one-order requests sent at once (a connection
 * each) to the sync API route of `grafx-order-handling`, served from its own process with the
 * default execution limits (runtime/executor/execution-slots.ts). Each request ends as one of: done
 * (200 with the order downloaded — or 202, the route's sync wait being over, and its execution
 * then seen finished so at GET /executions/{id}), rejected on purpose (503 with Retry-After: the
 * queue is full), or failed (any other 5xx, or no answer at all). Until the last execution is
 * finished, the resident set of the WHOLE runtime — its Node process plus its Deno host — is sampled.
 */
import { join } from "node:path";
import { checkOutputs } from "./check-outputs";
import { createOutputs, DEFAULT_MAX_DOWNLOAD_BYTES, grafxAccessOf, SAMPLE_EVERY_MS, type BenchContext } from "./context";
import { describeAnswer, jsonPoster, quantile, type HttpAnswer, type JsonPoster } from "./http-load";
import { ordersDirOf, type RssSummary } from "./job";
import { downloadedIn, ordersBody } from "./order-handling-runtime";
import { denoChildOf } from "./process-rss";
import { startRssSampler } from "./rss-sampler";
import { startRuntimeServer, type ServerReport } from "./runtime-server";

export const BURST_REQUESTS = 200;
/** "Small outputs": the burst is about the runtime's cost per request, not about bytes. */
const BURST_ORDER_BYTES = 16 * 1024;
const ROUTE = "/grafx/orders";
/** How often a 202's execution is looked up, and until when (from the burst's start). */
const POLL_MS = 250;
const DRAIN_TIMEOUT_MS = 120_000;
const MIB = 1024 * 1024;
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

export interface BurstFigures {
  requests: number;
  /** Orders done: answered 200 with the order downloaded, or answered 202 and then finished so. */
  done: number;
  /** Any other 5xx than a deliberate 503, or no answer (connection refused, reset). */
  failed: number;
  /** 503 with Retry-After: refused on purpose, the queue being full. */
  rejected: number;
  /** Answered 202: the route's sync wait (15 s) ended before the execution did; it went on. */
  answeredAfterWait: number;
  /** Of those, executions not finished within the bench's deadline. */
  unfinished: number;
  /** Anything else (4xx, a result without the order downloaded…). */
  unexpected: number;
  /** Time to the result, over the done requests: the answer, or for a 202 when its execution was seen finished. */
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Time to the HTTP answer (200, 202, 503…), over every answered request. */
  answerP50Ms: number;
  /** From the first request sent to the last result. */
  wallMs: number;
  /** Node process + Deno host, sampled until the last execution finished; absolute. */
  peakRssMiB: number;
  startRssMiB: number;
  nodePeakRssMiB: number | null;
  denoPeakRssMiB: number | null;
  /** The kernel's peaks (VmHWM) summed: an upper bound, a check that sampling missed no spike. */
  kernelPeakRssMiB: number | null;
  /** CPU time over the burst, ms. */
  nodeCpuMs: number | null;
  denoCpuMs: number | null;
  isolates: { started: number; reused: number } | null;
  filesOk: number;
  /** What went wrong: the figures mean little then. */
  problems: string[];
  /** What is worth knowing and does not spoil the figures (202s after the route's wait…). */
  notes: string[];
}

type Outcome = "done" | "failed" | "rejected" | "unfinished" | "unexpected";

interface RequestResult {
  outcome: Outcome;
  answer: HttpAnswer;
  /** To the result (the answer, or the execution seen finished after a 202). */
  resultMs: number;
  afterWait: boolean;
  /** What the outcome was decided on, for a problem line. */
  seen: string;
}

/** The order's result in an API route envelope: done when its execution answered 200 with the order downloaded. */
function envelopeOutcome(body: string): Outcome {
  try {
    const envelope = JSON.parse(body) as { _status?: unknown; data?: unknown };
    return envelope._status === 200 && downloadedIn(envelope.data) === 1 ? "done" : "unexpected";
  } catch {
    return "unexpected";
  }
}

function answerOutcome(answer: HttpAnswer): Outcome | "accepted" {
  if (answer.status === null) return "failed";
  if (answer.status === 503 && answer.headers["retry-after"] !== undefined) return "rejected";
  if (answer.status >= 500) return "failed";
  if (answer.status === 202) return "accepted";
  if (answer.status !== 200) return "unexpected";
  return envelopeOutcome(answer.body);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One request; after a 202, its execution is looked up every POLL_MS until it is finished (or the deadline). */
async function oneRequest(poster: JsonPoster, lookups: JsonPoster, taskId: string, deadline: number, signal: AbortSignal): Promise<RequestResult> {
  const started = performance.now();
  const answer = await poster.post(ROUTE, ordersBody([taskId]));
  const outcome = answerOutcome(answer);
  if (outcome !== "accepted") return { outcome, answer, resultMs: answer.ms, afterWait: false, seen: describeAnswer(answer) };
  const executionId = answer.headers["x-execution-id"];
  if (typeof executionId !== "string") return { outcome: "unexpected", answer, resultMs: answer.ms, afterWait: true, seen: `202 without an execution id: ${describeAnswer(answer)}` };
  while (performance.now() < deadline && !signal.aborted) {
    await sleep(POLL_MS);
    const lookup = await lookups.get(`/executions/${executionId}`);
    if (lookup.status === 202) continue;
    const outcomeLater = lookup.status === 200 ? envelopeOutcome(lookup.body) : "unexpected";
    return { outcome: outcomeLater, answer, resultMs: performance.now() - started, afterWait: true, seen: `after 202, GET /executions/${executionId}: ${describeAnswer(lookup)}` };
  }
  return { outcome: "unfinished", answer, resultMs: performance.now() - started, afterWait: true, seen: `execution ${executionId} not finished` };
}

export async function measureBurst(context: BenchContext): Promise<BurstFigures> {
  const { sim, workRoot, options, signal } = context;
  const workDir = join(workRoot, "burst");
  const [warmup] = createOutputs(sim, 1, BURST_ORDER_BYTES);
  const outputs = createOutputs(sim, BURST_REQUESTS, BURST_ORDER_BYTES);
  const server = await startRuntimeServer(
    { kind: "orders", grafx: grafxAccessOf(sim), workDir, concurrency: options.concurrency, maxDownloadBytes: DEFAULT_MAX_DOWNLOAD_BYTES },
    { signal },
  );
  const problems: string[] = [];
  let results: RequestResult[] = [];
  let wallMs = 0;
  let rss: RssSummary | undefined;
  let report: ServerReport | null = null;
  try {
    const poster = jsonPoster(server.url, { keepAlive: false, timeoutMs: 120_000, signal });
    const lookups = jsonPoster(server.url, { keepAlive: true, maxSockets: 8, signal });
    try {
      const first = await poster.post(ROUTE, ordersBody([warmup!.taskId]));
      if (answerOutcome(first) !== "done") problems.push(`burst: the warm-up request was answered ${describeAnswer(first)}`);
      signal.throwIfAborted();
      const sampler = await startRssSampler(SAMPLE_EVERY_MS, server.processes);
      sampler.begin();
      const started = performance.now();
      const deadline = started + DRAIN_TIMEOUT_MS;
      results = await Promise.all(outputs.map((output) => oneRequest(poster, lookups, output.taskId, deadline, signal)));
      wallMs = performance.now() - started;
      rss = await sampler.end();
      signal.throwIfAborted();
    } finally {
      poster.close();
      lookups.close();
    }
    const deno = server.processes.find((process) => process.label === "deno");
    const denoNow = denoChildOf(server.processes[0]!.pid);
    if (deno && denoNow !== deno.pid) problems.push(`burst: the runtime's Deno host ${deno.pid} was replaced by ${denoNow ?? "none"} during the burst (it crashed?)`);
  } finally {
    const stopping = performance.now();
    report = await server.stop().catch((error: unknown) => {
      problems.push(`burst: the server did not close cleanly: ${(error as Error).message}`);
      return null;
    });
    const stopMs = performance.now() - stopping;
    if (stopMs > 5_000) problems.push(`burst: closing the server took ${Math.round(stopMs)} ms`);
  }
  const files = await checkOutputs(ordersDirOf(workDir), [warmup!, ...outputs]);

  const counts: Record<Outcome, number> = { done: 0, failed: 0, rejected: 0, unfinished: 0, unexpected: 0 };
  const firstOf: Partial<Record<Outcome, string>> = {};
  for (const result of results) {
    counts[result.outcome]++;
    firstOf[result.outcome] ??= result.seen;
  }
  for (const outcome of ["failed", "unexpected", "unfinished"] as const) {
    if (counts[outcome] > 0) problems.push(`burst: ${counts[outcome]} ${outcome}, the first: ${firstOf[outcome]}`);
  }
  const answeredAfterWait = results.filter((result) => result.afterWait).length;
  const notes: string[] = [];
  if (answeredAfterWait > 0) {
    notes.push(`burst: ${answeredAfterWait} of ${BURST_REQUESTS} requests were answered 202: their execution had not finished within the route's sync wait (queued behind the execution limit)`);
  }
  // Rejected and unfinished requests leave no file: only the done ones must have theirs.
  const missingFiles = counts.done + 1 - files.ok;
  if (missingFiles > 0) problems.push(`burst: ${missingFiles} orders reported done have no correct file (${files.problems[0] ?? ""})`);
  const done = results.filter((result) => result.outcome === "done").map((result) => result.resultMs);
  const answered = results.filter((result) => result.answer.status !== null).map((result) => result.answer.ms);
  const processOf = (label: string) => rss!.processes.find((entry) => entry.label === label);
  const peakOf = (label: string) => {
    const process = processOf(label);
    return process ? round(process.peakBytes / MIB) : null;
  };
  const cpuOf = (label: string) => {
    const cpu = processOf(label)?.cpuMs;
    return cpu === null || cpu === undefined ? null : round(cpu, 0);
  };
  return {
    requests: BURST_REQUESTS,
    ...counts,
    answeredAfterWait,
    p50Ms: round(quantile(done, 0.5)),
    p95Ms: round(quantile(done, 0.95)),
    maxMs: round(Math.max(...results.map((result) => result.resultMs))),
    answerP50Ms: round(quantile(answered, 0.5)),
    wallMs: round(wallMs),
    peakRssMiB: round(rss!.peakBytes / MIB),
    startRssMiB: round(rss!.startBytes / MIB),
    nodePeakRssMiB: peakOf("node"),
    denoPeakRssMiB: peakOf("deno"),
    kernelPeakRssMiB: rss!.kernelPeakGrowthBytes === null ? null : round((rss!.startBytes + rss!.kernelPeakGrowthBytes) / MIB),
    nodeCpuMs: cpuOf("node"),
    denoCpuMs: cpuOf("deno"),
    isolates: report?.isolates ?? null,
    filesOk: files.ok,
    problems,
    notes,
  };
}
