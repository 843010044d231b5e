/**
 * A server under measurement, in its own Node process (scripts/bench/runtime-server-child.ts), so
 * the bench's load and the simulator never share its event loop, and its memory is its own: the
 * local runtime with its triggers on 127.0.0.1 port 0 (as runtime/serve.ts starts it) — the trivial
 * data process, or `grafx-order-handling` from loc.config.json — or the bare node:http handler.
 *
 * Protocol: the job as ONE JSON line on the child's stdin (it holds the client secret, which must
 * not show in a process list); the child answers `{"ready":true,"url":…}` on stdout once serving.
 * A `close` line (or stdin ending: the bench is gone) makes it close gracefully and answer
 * `{"closed":true,…}` before it exits.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { grafxAccessSchema } from "./job";
import { remember } from "./leftover-processes";
import { waitForDenoChild } from "./process-rss";
import type { SampledProcess } from "./rss-sampler";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const CHILD_ENTRY = fileURLToPath(new URL("./runtime-server-child.ts", import.meta.url));

/** The trivial data process's sync API route. */
export const TRIVIAL_ROUTE = "/sum";

export const kafkaSubscriptionJobSchema = z.object({
  brokers: z.string().min(1),
  topic: z.string().min(1),
  groupId: z.string().min(1),
  replyTopic: z.string().min(1),
});

export const serverJobSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("bare") }),
  z.object({ kind: z.literal("trivial"), stateDir: z.string().min(1) }),
  z.object({
    kind: z.literal("orders"),
    grafx: grafxAccessSchema,
    /** Output files under `<workDir>/orders`, runtime state under `<workDir>/state`. */
    workDir: z.string().min(1),
    concurrency: z.number().int().positive(),
    maxDownloadBytes: z.number().int().positive(),
    /** A Kafka subscription to the data process (none: the API route only). */
    kafka: kafkaSubscriptionJobSchema.optional(),
  }),
]);
export type ServerJob = z.infer<typeof serverJobSchema>;

export const readyLineSchema = z.object({ ready: z.literal(true), url: z.string(), startMs: z.number() });

export const closedLineSchema = z.object({
  closed: z.literal(true),
  /** Logic isolates started, and logics run in a reused one (null for the bare server). */
  isolates: z.object({ started: z.number(), reused: z.number() }).nullable(),
  /** Trigger log lines by level (info lines are counted, not printed). */
  log: z.record(z.string(), z.number()),
});
export type ServerReport = z.infer<typeof closedLineSchema>;

export interface RuntimeServer {
  url: string;
  /** From spawning the process to its first answer (the runtime started, logics loaded). */
  startMs: number;
  /** The server's Node process, and the runtime's Deno host (its logic isolates) when it has one. */
  processes: SampledProcess[];
  /** Graceful: the server closes its runtime and exits; resolves with its last report. */
  stop(): Promise<ServerReport>;
}

/** The server's own graceful close may take its API route's and its runtime's grace (10 s each). */
const STOP_TIMEOUT_MS = 45_000;

export async function startRuntimeServer(job: ServerJob, { signal, readyTimeoutMs = 60_000 }: { signal: AbortSignal; readyTimeoutMs?: number }): Promise<RuntimeServer> {
  signal.throwIfAborted();
  const what = `${job.kind} server`;
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", CHILD_ENTRY], {
    cwd: REPO,
    stdio: ["pipe", "pipe", "inherit"],
    // On Ctrl-C it closes its runtime (and so its Deno host) by itself.
    signal,
    killSignal: "SIGTERM",
  });
  remember(child.pid, "node", what);
  child.stdin.on("error", () => undefined);
  child.on("error", () => undefined);
  const exited = new Promise<string>((resolve) => child.once("exit", (code, exitSignal) => resolve(exitSignal ?? `code ${code}`)));
  const lines = createInterface({ input: child.stdout });
  const nextLine = (timeoutMs: number): Promise<string> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what}: no answer within ${timeoutMs} ms`)), timeoutMs);
      const done = () => {
        clearTimeout(timer);
        lines.off("line", onLine);
      };
      const onLine = (line: string) => {
        done();
        resolve(line);
      };
      lines.on("line", onLine);
      void exited.then((how) => {
        done();
        reject(new Error(`${what} exited (${how}) before it answered; its error is above`));
      });
    });

  child.stdin.write(`${JSON.stringify(job)}\n`);
  let ready: z.infer<typeof readyLineSchema>;
  try {
    ready = readyLineSchema.parse(JSON.parse(await nextLine(readyTimeoutMs)));
  } catch (error) {
    child.kill("SIGKILL");
    await exited;
    throw error;
  }
  const processes: SampledProcess[] = [{ pid: child.pid!, label: "node" }];
  if (job.kind !== "bare") {
    const deno = await waitForDenoChild(child.pid!);
    if (deno === undefined) {
      child.kill("SIGKILL");
      throw new Error(`${what}: its runtime's Deno host process was not found among its children`);
    }
    remember(deno, "deno", `${what}'s Deno host`);
    processes.push({ pid: deno, label: "deno" });
  }

  let stopped: Promise<ServerReport> | undefined;
  const stop = async (): Promise<ServerReport> => {
    const closedLine = nextLine(STOP_TIMEOUT_MS);
    closedLine.catch(() => undefined);
    child.stdin.end("close\n");
    try {
      return closedLineSchema.parse(JSON.parse(await closedLine));
    } finally {
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };
  return {
    url: ready.url,
    startMs: performance.now() - started,
    processes,
    stop: () => (stopped ??= stop()),
  };
}
