/** The bench's numbers: every figure with its target (issue 9), shown as tables, kept as one JSON object. */
import type { BatchFigures } from "./batch";
import type { BurstFigures } from "./burst";
import type { CliFigures } from "./cli-start";
import type { KafkaFigures, KafkaRound } from "./kafka-throughput";
import type { MemoryFigures } from "./memory";
import type { BenchOptions } from "./options";
import type { TrivialCost } from "./trivial-data-process";
import type { LoadFigures, TrivialRouteFigures } from "./trivial-route";

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

/** The figures issue 9 was filed with (sync API route, and the bare handler beside it), recorded. */
export const TRIVIAL_ROUTE_BEFORE = {
  source: "issue 9, recorded",
  route: { p50Ms: 155, perSecondOneAtATime: 6.3, perSecond: 13.3 },
  bare: { perSecondOneAtATime: 750, perSecond: 1163 },
} as const;

export interface StageResults {
  trivial: { route: TrivialRouteFigures; executor: TrivialCost } | null;
  cli: CliFigures | null;
  batch: BatchFigures | null;
  burst: BurstFigures | null;
  memory: MemoryFigures | null;
  kafka: KafkaFigures | null;
}

export interface Target {
  target: string;
  value: number | null;
  met: boolean | null;
  /** Set when the run behind the figure had problems (then the figure means little). */
  note?: string;
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

function target(text: string, value: number | null | undefined, meets: (value: number) => boolean, problems: readonly string[] = []): Target {
  const known = value === null || value === undefined || Number.isNaN(value) ? null : value;
  return {
    target: text,
    value: known,
    met: known === null ? null : meets(known),
    ...(known !== null && problems.length > 0 ? { note: "the run behind this figure had problems (see problems)" } : {}),
  };
}

function targetsOf(results: StageResults, totalMs: number): Record<string, Target> {
  const { trivial, batch, burst, memory, kafka, cli } = results;
  const route = trivial?.route.route;
  const routeProblems = route && route.failed > 0 ? [route.firstFailure ?? "failed requests"] : [];
  return {
    trivialPerSecond: target(">= 60 executions/s at 8 concurrent (sync API route)", route?.perSecond, (value) => value >= 60, routeProblems),
    trivialP50Ms: target("<= 15 ms p50 one at a time (sync API route)", route?.p50Ms, (value) => value <= 15, routeProblems),
    batchWallOverFloor: target("wall <= 1.25 x floorMs", batch?.wallOverFloor, (value) => value <= 1.25, batch?.problems),
    batchSpeedupOverTutorial: target(">= 12x faster than the tutorial loop", batch?.speedupOverTutorial, (value) => value >= 12, batch?.problems),
    burstFailed: target("0 failed of 200 concurrent one-order requests", burst?.failed, (value) => value === 0),
    burstPeakRssMiB: target("peak RSS (Node + Deno) <= 1024 MiB", burst?.peakRssMiB, (value) => value <= 1024, burst?.problems),
    memoryPeakGrowthPerFileByte: target("one output: peak growth <= 1.25 x the file", memory?.peakGrowthPerFileByte, (value) => value <= 1.25, memory?.problems),
    memoryFourAtOnceGrowthPerFileByte: target("four at once: peak growth <= 4.5 x one file", memory?.fourAtOnceGrowthPerFileByte, (value) => value <= 4.5, memory?.problems),
    kafkaPerSecond: target(">= 50 records/s end to end (a running trigger)", kafka?.perSecond, (value) => value >= 50, kafka?.problems),
    cliHelpMs: target("loc-local --help <= 500 ms", cli?.helpMs, (value) => value <= 500, cli?.problems),
    cliFirstExecutionMs: target("trivial loc-local run <= 1500 ms to its result", cli?.firstExecutionMs, (value) => value <= 1500, cli?.problems),
    benchTotalMs: target("the whole bench within 5 minutes", round(totalMs, 0), (value) => value <= 300_000),
  };
}

function trivialSummary(trivial: StageResults["trivial"]) {
  if (!trivial) return null;
  const { route, bare } = trivial.route;
  return {
    perSecond: route.perSecond,
    p50Ms: route.p50Ms,
    perSecondOneAtATime: route.perSecondOneAtATime,
    p50MsAt8: route.p50MsAt8,
    requestsOneAtATime: route.requestsOneAtATime,
    requestsAt8: route.requestsAt8,
    failed: route.failed,
    nodeCpuMsPerRequest: route.nodeCpuMsPerRequest,
    denoCpuMsPerRequest: route.denoCpuMsPerRequest,
    serverStartMs: route.serverStartMs,
    isolates: route.isolates,
    bare,
    /** The same data process executed directly (the manual trigger's path, no HTTP), in the bench's own process. */
    executor: trivial.executor,
    before: { executor: TRIVIAL_BEFORE, route: TRIVIAL_ROUTE_BEFORE },
  };
}

export interface RunFacts {
  /** Figures whose measurement failed, with the error. */
  errors: Record<string, string>;
  /** Figures left out on purpose, with the reason (Kafka without a broker). */
  skipped: Record<string, string>;
  /** Processes that outlived their measurement (killed at the end). */
  leftovers: string[];
  /** Per stage, µs per file created just before it (./file-create-probe). */
  fileCreateUs: Record<string, number>;
  /** Whether the work root's folders went to fresh block groups (./fresh-block-groups). */
  freshBlockGroups: boolean;
}

export function buildSummary(options: BenchOptions, results: StageResults, { errors, skipped, leftovers, fileCreateUs, freshBlockGroups }: RunFacts, totalMs: number) {
  const problems = [
    ...Object.entries(errors).map(([stage, message]) => `${stage}: failed: ${message}`),
    ...(results.trivial && results.trivial.route.route.failed > 0 ? [`trivial: ${results.trivial.route.route.failed} route requests failed: ${results.trivial.route.route.firstFailure}`] : []),
    ...(results.trivial && results.trivial.route.bare.failed > 0 ? [`trivial: ${results.trivial.route.bare.failed} bare requests failed: ${results.trivial.route.bare.firstFailure}`] : []),
    ...(results.cli?.problems ?? []),
    ...(results.batch?.problems ?? []),
    ...(results.burst?.problems ?? []),
    ...(results.memory?.problems ?? []),
    ...(results.kafka?.problems ?? []),
    ...leftovers.map((line) => `leftover process: ${line}`),
  ];
  const notes = [...(results.burst?.notes ?? []), ...(results.kafka?.notes ?? [])];
  return {
    bench: "grafx-order-handling",
    ok: problems.length === 0,
    totalMs: round(totalMs, 0),
    options: {
      orders: options.orders,
      latencyMs: options.latencyMs,
      concurrency: options.concurrency,
      orderKiB: options.orderBytes / 1024,
      sizeMiB: options.largeBytes / 2 ** 20,
      stages: [...options.stages],
    },
    trivial: trivialSummary(results.trivial),
    batch: results.batch,
    burst: results.burst,
    memory: results.memory,
    kafka: results.kafka,
    cli: results.cli,
    targets: targetsOf(results, totalMs),
    fileCreateUs,
    freshBlockGroups,
    skipped,
    problems,
    notes,
  };
}

export type BenchSummary = ReturnType<typeof buildSummary>;

type Cell = string | number | null | undefined;

function table(headers: string[], rows: Cell[][]): string {
  const cells = [headers, ...rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? "n/a" : String(cell))))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => row[column]!.length)));
  return cells.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ")).join("\n");
}

const loadRow = (label: string, figures: LoadFigures): Cell[] => [label, figures.p50Ms, figures.perSecondOneAtATime, figures.perSecond, figures.p50MsAt8];

function trivialSection(summary: BenchSummary): string[] {
  const c = summary.trivial;
  if (!c) return ["Per-execution cost: not measured"];
  const before = c.before;
  return [
    "Per-execution cost: a trivial data process (generic logic sums a and b from the body, aggregator finalizes)",
    table(
      ["how", "p50 ms 1 at a time", "/s 1 at a time", "/s at 8 concurrent", "p50 ms at 8"],
      [
        loadRow("now: sync API route (real HTTP server), measured", c),
        loadRow("bare node:http handler, same JSON work, measured", c.bare),
        ["now: executor directly (manual path, no HTTP), measured", c.executor.p50Ms, c.executor.perSecondOneAtATime, c.executor.perSecondAt8, null],
        [`before: sync API route, ${before.route.source}`, before.route.route.p50Ms, before.route.route.perSecondOneAtATime, before.route.route.perSecond, null],
        [`before: bare handler, ${before.route.source}`, null, before.route.bare.perSecondOneAtATime, before.route.bare.perSecond, null],
        [`before: executor directly, ${before.executor.runtime}, recorded`, before.executor.p50Ms, before.executor.perSecondOneAtATime, before.executor.perSecondAt8, null],
      ],
    ),
    `route: ${c.requestsOneAtATime} requests one at a time, ${c.requestsAt8} at 8 concurrent, ${c.failed} failed; server start ${c.serverStartMs} ms; isolates started ${c.isolates?.started ?? "n/a"}, logics run in a reused one ${c.isolates?.reused ?? "n/a"}`,
    `bare/route at 8 concurrent: ${round(c.bare.perSecond / Math.max(0.001, c.perSecond), 1)}x; CPU per request at 8 concurrent: route server Node ${c.nodeCpuMsPerRequest ?? "n/a"} ms + Deno ${c.denoCpuMsPerRequest ?? "n/a"} ms, bare handler ${c.bare.nodeCpuMsPerRequest ?? "n/a"} ms`,
  ];
}

function batchSection(summary: BenchSummary): string[] {
  const b = summary.batch;
  if (!b) return ["Batch: not measured"];
  return [
    `Batch: ${b.orders} orders of ${b.orderKiB} KiB, every status call ${b.latencyMs} ms late; data process CONCURRENCY ${b.concurrency}, one execution (manual path)`,
    table(
      ["approach", "wall ms", "x floor", "orders/s"],
      [
        ["data process", b.wallMs, b.wallOverFloor, round(b.orders / (b.wallMs / 1000), 1)],
        [`floor: ceil(${b.orders}/${b.concurrency}) x ${b.latencyMs} ms`, b.floorMs, 1, round(b.orders / (b.floorMs / 1000), 1)],
        [`tutorial loop: ${b.tutorialOrders} orders measured (${b.tutorialMeasuredMs} ms), scaled x${round(b.orders / b.tutorialOrders, 2)}`, b.tutorialWallMs, round(b.tutorialWallMs / b.floorMs, 2), round(b.orders / (b.tutorialWallMs / 1000), 1)],
      ],
    ),
    `data process ${b.speedupOverTutorial}x faster than the tutorial loop; its one-order warm-up execution ${b.oneOrderMs} ms; peak RSS growth (Node + Deno) ${b.peakRssGrowthMiB} MiB; files ok ${b.filesOk}/${b.orders}`,
    b.phasesMs
      ? `its phases: read-orders (every order recorded as pending) ${b.phasesMs.readOrders} ms, process-orders (token, checks and downloads) ${b.phasesMs.checks} ms = ${b.phasesMs.checksOverFloor} x floor, finalize ${b.phasesMs.finish} ms`
      : "its phases: not known (a mark was missing from its logs)",
    `CPU over the run: runtime Node ${b.nodeCpuMs ?? "n/a"} ms + Deno ${b.denoCpuMs ?? "n/a"} ms (${b.nodeCpuMs !== null && b.denoCpuMs !== null ? round((b.nodeCpuMs + b.denoCpuMs) / b.wallMs, 2) : "n/a"} cores busy on average); bench process (simulator) ${b.simulatorCpuMs} ms`,
  ];
}

function burstSection(summary: BenchSummary): string[] {
  const u = summary.burst;
  if (!u) return ["Burst: not measured"];
  return [
    `Burst: ${u.requests} concurrent one-order requests (a connection each) to the sync API route of grafx-order-handling, default execution limits`,
    table(
      ["done", "failed", "rejected 503", "202 (wait over)", "unfinished", "unexpected", "p50 ms", "p95 ms", "max ms", "answer p50 ms", "wall ms"],
      [[u.done, u.failed, u.rejected, u.answeredAfterWait, u.unfinished, u.unexpected, u.p50Ms, u.p95Ms, u.maxMs, u.answerP50Ms, u.wallMs]],
    ),
    table(
      ["peak RSS MiB", "start MiB", "Node peak MiB", "Deno peak MiB", "kernel peak MiB", "Node CPU ms", "Deno CPU ms"],
      [[u.peakRssMiB, u.startRssMiB, u.nodePeakRssMiB, u.denoPeakRssMiB, u.kernelPeakRssMiB, u.nodeCpuMs, u.denoCpuMs]],
    ),
    "p50/p95/max: to the result (for a 202, until GET /executions/{id} showed it finished); peak RSS: the sampled sum of the server's Node process",
    `and its Deno host until the last execution finished; "kernel peak" sums each one's VmHWM (an upper bound). Isolates started ${u.isolates?.started ?? "n/a"}, reused ${u.isolates?.reused ?? "n/a"}`,
  ];
}

function memorySection(summary: BenchSummary): string[] {
  const m = summary.memory;
  if (!m) return ["Memory: not measured"];
  const row = (label: string, run: MemoryFigures["one"]): Cell[] => [
    label, run.wallMs, run.startMiB, run.peakGrowthMiB, run.growthPerFileByte, run.nodePeakGrowthMiB, run.denoPeakGrowthMiB, run.kernelPeakGrowthMiB, run.isolatesStarted,
  ];
  return [
    `Memory: ${m.fileMiB} MiB outputs, manual path; RSS of Node + its Deno host sampled every ~20 ms, growth over the start, per byte of ONE file`,
    table(
      ["run", "wall ms", "start MiB", "peak +MiB", "x one file", "Node +MiB", "Deno +MiB", "kernel +MiB", "isolates started"],
      [row("one output", m.one), row("four at once (4 executions)", m.fourAtOnce)],
    ),
    "each after a warm-up of the same shape with small outputs (1 order; 4 executions at once): the isolate pool is as large as the run needs",
  ];
}

function kafkaSection(summary: BenchSummary): string[] {
  const k = summary.kafka;
  if (!k) return [`Kafka: not measured${summary.skipped.kafka ? ` — ${summary.skipped.kafka}` : ""}`];
  const row = (name: string, r: KafkaRound) => [
    name, r.perSecond, r.wallMs, r.replies, r.done, r.produceMs, r.msPerRecordPerPartition,
    r.nodeCpuMsPerRecord ?? "n/a", r.denoCpuMsPerRecord ?? "n/a", r.cpuBoundPerSecond ?? "n/a",
  ];
  return [
    `Kafka: ${k.records} one-order records over ${k.partitions} partitions, ${k.rounds === 2 ? "twice" : "once"}, real broker${k.brokerStartupMs === null ? " (given)" : ` (started in ${k.brokerStartupMs} ms)`}, produce -> result on the reply topic`,
    table(
      ["round", "records/s", "wall ms", "replies", "done", "produce ms", "ms per record per partition", "Node CPU ms/record", "Deno CPU ms/record", "cores allow /s"],
      k.rounds === 2 ? [row("first, just after start", k.firstRound), row("second, running (the figure)", k)] : [row("first, just after start (the figure: no second round)", k)],
    ),
    `up to ${k.maxInFlightPerPartition} records of a partition run at once (one key's records one after another), partitions side by side; offsets committed up to the first record not yet processed`,
    "first round: the server's code still warming (more CPU per record, mostly Node's); second: what a running trigger sustains",
    "cores allow: the machine's cores divided by the runtime's CPU time per record (Node + Deno) — the rate's ceiling at that cost",
    ...(k.rounds === 2 ? [k.firstRound, k] : [k]).filter((r) => !r.complete).map((r) => `not all replies came within the bench's wait (see NOTES): a round's rate is over the ${r.replies} that did`),
  ];
}

function cliSection(summary: BenchSummary): string[] {
  const l = summary.cli;
  if (!l) return ["CLI: not measured"];
  return [
    "CLI start: a fresh `node bin/loc-local.js` each time, spawn to exit, median of 5 (after one untimed call)",
    table(
      ["command", "median ms", "runs ms"],
      [
        ["loc-local --help", l.helpMs, l.helpRunsMs.join(" / ")],
        ["loc-local run (trivial logics, TypeScript sources) to its result", l.firstExecutionMs, l.runRunsMs.join(" / ")],
      ],
    ),
  ];
}

function targetsSection(summary: BenchSummary): string[] {
  return [
    "Targets (issue 9)",
    table(
      ["figure", "target", "value", "met"],
      Object.entries(summary.targets).map(([name, t]) => [name, t.target, t.value, t.met === null ? "n/a" : `${t.met ? "yes" : "NO"}${t.note ? " (run had problems)" : ""}`]),
    ),
  ];
}

/** The disk's state each stage met: slow creates (thousands of recent deletions) slow every figure that writes files. */
function fileCreateSection(summary: BenchSummary): string[] {
  const entries = Object.entries(summary.fileCreateUs);
  if (entries.length === 0) return [];
  const where = summary.freshBlockGroups ? "in fresh block groups" : "where the disk's history put the folders";
  return [`creating a file before each stage (${where}): ${entries.map(([stage, us]) => `${stage} ${us} µs`).join(", ")} (~20 µs on a quiet disk; README "Where the time goes")`];
}

export function formatSummary(summary: BenchSummary): string {
  return [
    ...trivialSection(summary),
    "",
    ...batchSection(summary),
    "",
    ...burstSection(summary),
    "",
    ...memorySection(summary),
    "",
    ...kafkaSection(summary),
    "",
    ...cliSection(summary),
    "",
    ...targetsSection(summary),
    `total ${round(summary.totalMs / 1000, 1)} s`,
    ...fileCreateSection(summary),
    ...(summary.notes.length > 0 ? ["", "NOTES:", ...summary.notes.map((note) => `  ${note}`)] : []),
    ...(summary.problems.length > 0 ? ["", "PROBLEMS:", ...summary.problems.map((problem) => `  ${problem}`)] : []),
  ].join("\n");
}
