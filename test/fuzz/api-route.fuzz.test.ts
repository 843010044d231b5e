/**
 * Property-based fuzz of the API route trigger: random and malformed bodies, wrong shapes, huge
 * numbers, unicode, content types, odd methods and paths through fetch, and raw-socket oddities —
 * against a stand-in of the order data process (in process, fast) and, for a sample, the real
 * `grafx-order-handling` on the GraFx simulator. Every answer is judged (./verdicts) and counted.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRouteSchema } from "../../runtime/config/schema";
import { startApiRouteServer, type ApiRouteServer } from "../../runtime/triggers/api-route";
import { startLocalLoc, type LocalLoc } from "../e2e/helpers/local-loc";
import { LogRecorder } from "../triggers/helpers/log-recorder";
import { rawExchange } from "../triggers/api-route/raw-http";
import { Figures, FUZZ_SEED, fuzzCount, fuzzTimeout } from "./fuzz-run";
import { BODY_LIMIT_BYTES, FUZZ_ROUTES, fuzzRequest, rawExchangeSpec, writesOf, type FuzzRequest, type RawExchangeSpec } from "./http-arbitraries";
import { OrderPayloadExecutor, STAND_IN } from "./order-payload-executor";
import { describeBytes, payloadBytes } from "./payload-arbitraries";
import { judgeExecution, judgeHttpAnswer } from "./verdicts";

/** A request unanswered past this is a hang. */
const ANSWER_BOUND_MS = 10_000;
/** The real data process: its synchronous route answers 202 after 15 s at the latest. */
const REAL_ANSWER_BOUND_MS = 30_000;
/** A raw exchange: the server answers every complete request or closes within this. */
const RAW_BOUND_MS = 4_000;
/** A body that stops arriving is answered 408 after this (the server's default is 30 s). */
const BODY_IDLE_TIMEOUT_MS = 1_000;
const BATCH = 4;

const counts = {
  fetch: fuzzCount(600, 1),
  raw: fuzzCount(200, 1 / 3),
  real: fuzzCount(30, 1 / 40),
};

interface Answered {
  status: number;
  text: string;
}

async function send(url: string, request: FuzzRequest, boundMs: number): Promise<Answered | { hang: true } | { error: string }> {
  try {
    const signal = AbortSignal.timeout(boundMs);
    const response = await fetch(`${url}${request.target}`, { method: request.method, headers: request.headers, body: request.body?.slice(), signal });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    if ((error as Error).name === "TimeoutError") return { hang: true };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { error: cause?.code ?? cause?.message ?? (error as Error).message };
  }
}

function describeRequest(request: FuzzRequest): string {
  const target = request.target.length > 120 ? `${request.target.slice(0, 120)}… (${request.target.length} characters)` : request.target;
  return `${request.method} ${target} ${JSON.stringify(request.headers)} body ${request.body ? describeBytes(request.body) : "none"}`;
}

/** Judges one answer; an async route's accepted answer is followed by the lookup of its result. */
async function judgeRequest(figures: Figures, url: string, request: FuzzRequest, boundMs: number): Promise<void> {
  const answer = await send(url, request, boundMs);
  if ("hang" in answer) {
    figures.input("hang");
    figures.fail("hang", `no answer within ${boundMs} ms to ${describeRequest(request)}`);
    return;
  }
  if ("error" in answer) {
    figures.input(`error ${answer.error}`);
    figures.fail("bad answer", `connection failed (${answer.error}) for ${describeRequest(request)}`);
    return;
  }
  figures.input(answer.status);
  const judged = judgeHttpAnswer(answer);
  if (judged.failure) figures.fail(judged.failure, `${judged.detail} ← ${describeRequest(request)}`);
  if (answer.status === 202 && request.method !== "HEAD") await judgeLookup(figures, url, answer.text, request);
}

async function judgeLookup(figures: Figures, url: string, acceptedText: string, request: FuzzRequest): Promise<void> {
  const accepted = JSON.parse(acceptedText) as { data?: { executionId?: string } };
  const executionId = accepted.data?.executionId;
  if (typeof executionId !== "string") return;
  const lookup = await send(url, { method: "GET", target: `/executions/${executionId}`, headers: {} }, ANSWER_BOUND_MS);
  if (!("status" in lookup) || lookup.status !== 200) return;
  const record = JSON.parse(lookup.text) as { _status: number; data: unknown };
  const judged = judgeExecution(record._status, record.data);
  if (judged.failure) figures.fail(judged.failure, `${judged.detail} ← (async) ${describeRequest(request)}`);
}

async function judgeRaw(figures: Figures, port: number, spec: RawExchangeSpec): Promise<void> {
  const expectResponses = spec.then === "keep-open" ? spec.requests.length : undefined;
  const exchange = await rawExchange(port, writesOf(spec), { then: spec.then, expectResponses, timeoutMs: RAW_BOUND_MS });
  const example = () => `${spec.then} ${describeBytes(Buffer.concat(spec.requests.map((request) => request.bytes)), 300)}`;
  figures.input(exchange.responses.map((response) => response.status).join(",") || (spec.then === "reset" ? "reset" : "closed"));
  if (spec.then === "reset") return;
  if (exchange.timedOut) {
    figures.fail("hang", `the server neither answered every request nor closed within ${RAW_BOUND_MS} ms (${exchange.responses.length} answers): ${example()}`);
  } else if (spec.then === "keep-open" && exchange.responses.length === 0) {
    figures.fail("bad answer", `closed without an answer: ${example()}`);
  }
  const notImplementedExpected = spec.requests.some((request) => request.notImplemented);
  for (const response of exchange.responses) {
    const judged = judgeHttpAnswer({ status: response.status, text: response.body, notImplementedExpected });
    if (judged.failure) figures.fail(judged.failure, `${judged.detail} ← ${example()}`);
  }
}

/** Runs `count` inputs of `arbitrary` in concurrent batches, each judged by `judge`. */
async function fuzzInBatches<T>(count: number, arbitrary: fc.Arbitrary<T>, judge: (input: T) => Promise<void>): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.array(arbitrary, { minLength: BATCH, maxLength: BATCH }), async (inputs) => {
      await Promise.all(inputs.map(judge));
    }),
    { numRuns: Math.ceil(count / BATCH), seed: FUZZ_SEED, endOnFailure: true },
  );
}

describe("fuzz: the API route", () => {
  const logs = new LogRecorder();
  let server: ApiRouteServer;
  const fetchFigures = new Figures("api-route (stand-in data process)");
  const rawFigures = new Figures("api-route raw sockets (stand-in data process)");

  beforeAll(async () => {
    const routes = FUZZ_ROUTES.map((route) => apiRouteSchema.parse({ ...route, dataProcesses: [STAND_IN] }));
    server = await startApiRouteServer(new OrderPayloadExecutor(), { routes, host: "127.0.0.1", port: 0, bodyLimitBytes: BODY_LIMIT_BYTES, bodyIdleTimeoutMs: BODY_IDLE_TIMEOUT_MS, shutdownGraceMs: 30_000 }, { log: logs.log });
  });

  afterAll(async () => {
    // Every handler ended: shutdown does not wait for any of them (its grace is 30 s).
    const started = performance.now();
    await server.close();
    const closeMs = performance.now() - started;
    for (const figures of [fetchFigures, rawFigures]) figures.report();
    expect(closeMs).toBeLessThan(5_000);
  });

  it(`answers ${counts.fetch} random requests with no 5xx, no hang, every 400 naming its path`, { timeout: fuzzTimeout(counts.fetch, 20) }, async () => {
    await fuzzInBatches(counts.fetch, fuzzRequest(), (request) => judgeRequest(fetchFigures, server.url, request, ANSWER_BOUND_MS));
    const health = await send(server.url, { method: "POST", target: "/grafx/orders", headers: {}, body: new TextEncoder().encode("{}") }, ANSWER_BOUND_MS);
    if (!("status" in health) || health.status !== 200) fetchFigures.fail("crash", `the server no longer answers: ${JSON.stringify(health)}`);
    expect(fetchFigures.examples).toEqual([]);
  });

  it(`answers ${counts.raw} raw-socket oddities (or closes) with no 5xx but the documented 501s, and no hang`, { timeout: fuzzTimeout(counts.raw, 100) }, async () => {
    await fuzzInBatches(counts.raw, rawExchangeSpec(), (spec) => judgeRaw(rawFigures, server.port, spec));
    const health = await send(server.url, { method: "POST", target: "/grafx/orders", headers: {}, body: new TextEncoder().encode("{}") }, ANSWER_BOUND_MS);
    if (!("status" in health) || health.status !== 200) rawFigures.fail("crash", `the server no longer answers: ${JSON.stringify(health)}`);
    expect(rawFigures.examples).toEqual([]);
  });
});

describe("fuzz: the API route with the real grafx-order-handling", () => {
  let loc: LocalLoc;
  const figures = new Figures("api-route (grafx-order-handling on the simulator)");

  beforeAll(async () => {
    loc = await startLocalLoc();
  });

  afterAll(async () => {
    await loc?.close();
    figures.report();
  });

  it(`answers a sample of ${counts.real} random bodies with no 5xx, no hang, every 400 naming its path`, { timeout: fuzzTimeout(counts.real, 2_000) }, async () => {
    const request = fc
      .record({ body: payloadBytes(), contentType: fc.constantFrom("application/json", "text/plain", "application/octet-stream") })
      .map(({ body, contentType }): FuzzRequest => ({ method: "POST", target: "/grafx/orders", headers: { "content-type": contentType }, body }));
    await fuzzInBatches(counts.real, request, (input) => judgeRequest(figures, loc.url, input, REAL_ANSWER_BOUND_MS));
    expect(figures.examples).toEqual([]);
  });
});
