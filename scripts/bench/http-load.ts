/**
 * The bench's HTTP client: JSON requests over node:http, one at a time or from N concurrent
 * clients for a while, timed one by one. Keep-alive connections (one per client), as a real
 * client of a busy route would hold them; a burst opens a connection per request instead.
 */
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";

export interface HttpAnswer {
  /** null when no answer came (connection refused, reset, closed early). */
  status: number | null;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Connection-level failure, when there was one. */
  error?: string;
  ms: number;
}

export interface JsonPoster {
  post(path: string, body: unknown): Promise<HttpAnswer>;
  get(path: string): Promise<HttpAnswer>;
  close(): void;
}

/**
 * Posts JSON to (or gets from) `baseUrl`; `keepAlive: false` opens a fresh connection per request.
 * Once `signal` aborts, every request in flight ends at once (as "no answer") and new ones fail.
 */
export function jsonPoster(
  baseUrl: string,
  { keepAlive = true, timeoutMs = 60_000, maxSockets = Infinity, signal }: { keepAlive?: boolean; timeoutMs?: number; maxSockets?: number; signal?: AbortSignal } = {},
): JsonPoster {
  const agent = new Agent({ keepAlive, maxSockets });
  const base = new URL(baseUrl);
  // One listener for all requests (a burst has hundreds in flight): destroying the agent ends them.
  const onAbort = () => agent.destroy();
  signal?.addEventListener("abort", onAbort, { once: true });
  const send = (method: "GET" | "POST", path: string, body?: unknown): Promise<HttpAnswer> => {
    const started = performance.now();
    if (signal?.aborted) return Promise.resolve({ status: null, headers: {}, body: "", error: "aborted", ms: 0 });
    const text = body === undefined ? "" : JSON.stringify(body);
    return new Promise<HttpAnswer>((resolve) => {
      const finish = (answer: Omit<HttpAnswer, "ms">) => resolve({ ...answer, ms: performance.now() - started });
      const outgoing = request(
        {
          host: base.hostname,
          port: base.port,
          path,
          method,
          agent,
          headers: method === "POST" ? { "content-type": "application/json", "content-length": Buffer.byteLength(text) } : {},
          timeout: timeoutMs,
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
          incoming.on("end", () => finish({ status: incoming.statusCode ?? null, headers: incoming.headers, body: Buffer.concat(chunks).toString("utf8") }));
          incoming.on("error", (error) => finish({ status: null, headers: {}, body: "", error: error.message }));
        },
      );
      outgoing.on("timeout", () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      outgoing.on("error", (error) => finish({ status: null, headers: {}, body: "", error: error.message }));
      outgoing.end(text);
    });
  };
  return {
    post: (path, body) => send("POST", path, body),
    get: (path) => send("GET", path),
    close: () => {
      signal?.removeEventListener("abort", onAbort);
      agent.destroy();
    },
  };
}

export interface LoadRun {
  /** Requests answered as expected. */
  ok: number;
  /** Requests that were not (wrong status, wrong body, no answer), with the first reason. */
  failed: number;
  firstFailure?: string;
  /** Each request's time, ms, in completion order (the failed ones too). */
  durations: number[];
  /** From the first request sent to the last answer. */
  wallMs: number;
}

/** Checks one answer: null when it is the expected one, else why not. */
export type AnswerCheck = (answer: HttpAnswer) => string | null;

/**
 * `clients` loops, each sending its next request as soon as its last one is answered, until
 * `maxRequests` were sent or `maxMs` passed (whichever first). clients = 1 is "one at a time".
 */
export async function runLoad(
  send: () => Promise<HttpAnswer>,
  check: AnswerCheck,
  { clients, maxRequests, maxMs, signal }: { clients: number; maxRequests: number; maxMs: number; signal?: AbortSignal },
): Promise<LoadRun> {
  const run: LoadRun = { ok: 0, failed: 0, durations: [], wallMs: 0 };
  const started = performance.now();
  const deadline = started + maxMs;
  let sent = 0;
  let lastAnswer = started;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (sent < maxRequests && performance.now() < deadline && !signal?.aborted) {
        sent++;
        const answer = await send();
        lastAnswer = performance.now();
        run.durations.push(answer.ms);
        const problem = check(answer);
        if (problem === null) run.ok++;
        else {
          run.failed++;
          run.firstFailure ??= problem;
        }
      }
    }),
  );
  run.wallMs = lastAnswer - started;
  return run;
}

/** The value at quantile `q` (0..1) of `values` (nearest rank); NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * q) - 1))]!;
}

/** An answer as one short line, for a failure message. */
export function describeAnswer(answer: HttpAnswer): string {
  if (answer.status === null) return `no answer (${answer.error ?? "connection closed"})`;
  return `HTTP ${answer.status}: ${answer.body.slice(0, 160)}`;
}
