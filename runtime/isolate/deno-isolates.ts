/**
 * The Node side of the logic isolates: one Deno host process (started on first use, restarted if
 * it dies) running each logic in its own permissionless Deno Worker. Host operations come back
 * here over ./wire frames and are answered by the caller's handler (the task's agents).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { denoBinary } from "./deno-binary";
import { isolateCode } from "./isolate-code";
import { ByteStreamError, IncomingBytes } from "./byte-stream";
import {
  HOST_COLLECT_AFTER_BYTES,
  GC_GLOBAL,
  STREAM_CHUNK_BYTES,
  STREAM_FRAME_SLACK_BYTES,
  STREAM_WINDOW,
  STREAMED_OPS,
  type DenoControl,
  type DenoEvent,
  type ErrorRecord,
  type FailurePhase,
  type FromLogic,
  type LogicRunRequest,
  type ToLogic,
} from "./protocol";
import { isLent, written } from "./lent-bytes";
import { ScriptIds } from "./script-ids";
import { WithWholeBody } from "../agents/agent";
import { decodeFrame, encodeFrame, encodeFrameParts, FrameReader, frameTarget } from "./wire";
import { YoungCollector } from "./young-collector";

export interface LogicHandler {
  /** An asynchronous host operation; a throw is the logic's error (its name and message only). */
  op(name: string, args: unknown[]): unknown;
  /** A synchronous operation, already checked in the isolate. */
  sync(name: string, args: unknown[]): void;
  /** console output of the logic (LOC keeps it out of the execution's logs). */
  console(level: string, text: string): void;
}

export type LogicOutcome = { failure?: { phase: FailurePhase; error: ErrorRecord } };

export interface RunningLogic {
  /** Resolves when the logic is done (its failure included); rejects if its isolate died. */
  outcome: Promise<LogicOutcome>;
  /** Stops the logic at once (a timeout), even in an endless loop. */
  kill(): void;
}

/** The isolate died under a logic (out of memory, the Deno process ended). */
/** An isolate serves at most this many logics before it is replaced. */
const MAX_RUNS_PER_ISOLATE = 500;
/**
 * A worker whose realm verdict has not come this long after its outcome is stopped: its isolate
 * is busy with something its logic left running (the check itself takes about a millisecond).
 */
const VERDICT_TIMEOUT_MS = 5_000;

export class IsolateCrash extends Error {
  override name = "IsolateCrash";
}

interface Running {
  handler: LogicHandler;
  resolve(outcome: LogicOutcome): void;
  reject(error: Error): void;
}

function errorRecordOf(error: unknown): ErrorRecord {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: "Error", message: String(error) };
}

/** `${worker}/${stream}`: a stream's key among all workers' streams. */
const streamKey = (w: number, s: number) => `${w}/${s}`;

class DenoProcess {
  private readonly running = new Map<number, Running>();
  /** Byte arguments still crossing from their worker, by streamKey. */
  private readonly incoming = new Map<string, IncomingBytes>();
  /**
   * Cuts the Deno host's output into frames; the chunk frames of streamed bytes are read into a few
   * pooled buffers, each given back once its chunk was consumed (written to a file).
   */
  private readonly reader = new FrameReader(undefined, { bufferBytes: STREAM_CHUNK_BYTES + STREAM_FRAME_SLACK_BYTES, keep: 8 });
  /** Frees the short-lived buffers the bytes to and from the isolates pass through (./young-collector). */
  private readonly collector = new YoungCollector(HOST_COLLECT_AFTER_BYTES);
  private nextWorker = 1;
  private dead: IsolateCrash | undefined;
  readonly ready: Promise<void>;

  /** Workers started ahead of need (prepared: LOC's globals, Saffron), not given a logic yet. */
  private readonly spare: number[] = [];

  private constructor(
    private readonly child: ChildProcess,
    bootstrap: string,
    private readonly spares: number,
    private readonly maxIdle: number,
  ) {
    let signalReady!: () => void;
    let failReady!: (error: Error) => void;
    this.ready = new Promise((resolve, reject) => ((signalReady = resolve), (failReady = reject)));
    this.ready.catch(() => undefined);
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.stdout!.on("data", (chunk: Buffer) => {
      let frames: Uint8Array[];
      try {
        frames = this.reader.push(chunk);
      } catch (error) {
        this.fail(`the isolate host sent an unreadable stream: ${(error as Error).message}`);
        child.kill("SIGKILL");
        return;
      }
      for (const frame of frames) this.receive(frame, signalReady);
      this.collector.crossed(chunk.byteLength);
    });
    child.on("error", (error) => {
      failReady(error);
      this.fail(`the isolate host failed: ${error.message}`);
    });
    child.on("exit", (code, signal) => {
      const why = `the isolate host exited (${signal ?? `code ${code}`})${stderr.trim() ? `: ${stderr.trim().split("\n").slice(-3).join(" | ")}` : ""}`;
      failReady(new IsolateCrash(why));
      this.fail(why);
    });
    child.stdin!.on("error", () => undefined);
    this.control({ t: "setup", bootstrap });
  }

  static async start(saffron: string, spares: number, maxIdle: number): Promise<DenoProcess> {
    const { hostFile, importMapFile, bootstrap } = await isolateCode();
    const child = spawn(
      denoBinary(),
      [
        "run",
        "--quiet",
        "--no-prompt",
        "--no-config",
        "--no-lock",
        "--no-remote",
        "--no-npm",
        `--import-map=${importMapFile}`,
        // Small young generations: every logic isolate is a V8 heap of its own, and a burst runs many.
        // The collector, to free the received bytes a logic is done with promptly (./protocol GC_GLOBAL).
        `--v8-flags=--max-semi-space-size=1,--expose-gc-as=${GC_GLOBAL}`,
        "--unstable-worker-options",
        hostFile,
      ],
      {
        stdio: ["pipe", "pipe", "pipe"],
        // Its own process group: a terminal's Ctrl-C goes to the runtime, which closes gracefully
        // (letting executions finish); the Deno host ends when the runtime closes its stdin or dies.
        detached: true,
        // Nothing of the runtime's environment (credentials!) reaches Deno.
        env: { DENO_DIR: join(tmpdir(), "loc-local", "deno-dir"), NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
      },
    );
    const process = new DenoProcess(child, `const LOC_SAFFRON = ${JSON.stringify(saffron)};\n${bootstrap}`, spares, maxIdle);
    await process.ready;
    process.topUp();
    return process;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.dead === undefined;
  }

  run(run: LogicRunRequest, handler: LogicHandler): RunningLogic {
    if (this.dead) return { outcome: Promise.reject(this.dead), kill: () => undefined };
    const spare = this.spare.shift();
    // None spare, but a worker is being checked: it comes back in a moment (its verdict follows its
    // outcome by a turn of its event loop), far sooner than a new worker would start, and starting
    // one costs tens of ms of CPU (at many concurrent logics the pool would grow, then churn).
    if (spare === undefined && this.checking.size > this.waitingForWorker.length) return this.runWhenBack(run, handler);
    // A worker still starting is fine too: Deno queues the run until its bootstrap is done.
    return this.runIn(spare ?? this.spawnWorker(), run, handler);
  }

  /** Runs waiting for a worker being checked, in arrival order: each takes the next one back clean. */
  private readonly waitingForWorker: Array<(w: number | undefined) => void> = [];

  private runWhenBack(run: LogicRunRequest, handler: LogicHandler): RunningLogic {
    let started: RunningLogic | undefined;
    let settle!: { resolve(outcome: LogicOutcome): void; reject(error: Error): void };
    const outcome = new Promise<LogicOutcome>((resolve, reject) => (settle = { resolve, reject }));
    // undefined: no worker will come back for it (stopped, or the process died): a new one, or the crash.
    const take = (w: number | undefined) => {
      if (this.dead) return settle.reject(this.dead);
      started = this.runIn(w ?? this.spawnWorker(), run, handler);
      started.outcome.then(settle.resolve, settle.reject);
    };
    this.waitingForWorker.push(take);
    const kill = () => {
      if (started) return started.kill();
      const at = this.waitingForWorker.indexOf(take);
      if (at === -1) return;
      this.waitingForWorker.splice(at, 1);
      settle.reject(new IsolateCrash("the logic was stopped"));
    };
    return { outcome, kill };
  }

  /** Hands waiting runs new workers when fewer workers are being checked than runs wait for one. */
  private unblockWaiting(): void {
    while (this.waitingForWorker.length > this.checking.size) this.waitingForWorker.shift()!(undefined);
  }

  private runIn(w: number, run: LogicRunRequest, handler: LogicHandler): RunningLogic {
    if (this.runsOf.has(w)) this.stats.reused++;
    let entry!: Running;
    const outcome = new Promise<LogicOutcome>((resolve, reject) => this.running.set(w, (entry = { handler, resolve, reject })));
    const { script, ...rest } = run;
    this.toLogic(w, { t: "run", run: { ...rest, w, ...this.scripts.forRun(w, run.filename, script) } });
    // After the run, so starting the replacement does not delay it.
    this.topUp();
    // This run's own: once it is done, its worker may already run the next logic, which it must not stop.
    return { outcome, kill: () => this.running.get(w) === entry && this.kill(w) };
  }

  /** How many logics ran in a reused isolate, and how many isolates were started: for tests and the bench. */
  readonly stats = { started: 0, reused: 0 };
  private readonly runsOf = new Map<number, number>();
  private readonly scripts = new ScriptIds();
  /** Done, their realm being checked: reused or stopped once the verdict comes. */
  private readonly checking = new Set<number>();
  /** Per worker being checked: stops it when its verdict does not come (VERDICT_TIMEOUT_MS). */
  private readonly verdictTimers = new Map<number, NodeJS.Timeout>();

  private awaitVerdict(w: number): void {
    this.checking.add(w);
    const timer = setTimeout(() => {
      this.verdictTimers.delete(w);
      if (this.checking.delete(w)) this.release(w, false);
    }, VERDICT_TIMEOUT_MS);
    timer.unref();
    this.verdictTimers.set(w, timer);
  }

  /**
   * A worker whose logic is done: back to the spares when its realm came back clean (and it has
   * not served too long, which bounds what a slow leak in Deno itself could grow to), else stopped.
   */
  private release(w: number, reusable: boolean): void {
    const runs = (this.runsOf.get(w) ?? 0) + 1;
    const waiting = reusable && !this.dead && runs < MAX_RUNS_PER_ISOLATE ? this.waitingForWorker.shift() : undefined;
    if (waiting) {
      this.runsOf.set(w, runs);
      waiting(w);
      return;
    }
    if (reusable && !this.dead && runs < MAX_RUNS_PER_ISOLATE && this.spare.length < this.maxIdle) {
      this.runsOf.set(w, runs);
      this.spare.unshift(w);
      return;
    }
    this.runsOf.delete(w);
    this.scripts.forget(w);
    this.control({ t: "kill", w });
    this.unblockWaiting();
    this.topUp();
  }

  topUp(): void {
    // Workers whose realm is being checked come back in a moment (a clean one almost always does;
    // a run finding no spare waits for one): they count as spares. Starting a worker instead costs
    // tens of ms of CPU, and at many concurrent logics the pool would grow past maxIdle and churn.
    const comingBack = Math.max(0, Math.min(this.checking.size - this.waitingForWorker.length, this.spares));
    while (!this.dead && this.spare.length + comingBack < this.spares) this.spare.push(this.spawnWorker());
  }

  private spawnWorker(): number {
    const w = this.nextWorker++;
    this.stats.started++;
    this.control({ t: "spawn", w });
    return w;
  }

  close(): void {
    this.dead ??= new IsolateCrash("the isolate host was closed");
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 2000);
    timer.unref();
    this.child.once("exit", () => clearTimeout(timer));
  }

  private kill(w: number): void {
    const running = this.running.get(w);
    // Done already: the isolate was released (to the spares, or stopped) with its outcome.
    if (!running) return;
    this.running.delete(w);
    this.failIncoming(w, "the logic was stopped before its bytes were sent");
    this.runsOf.delete(w);
    this.scripts.forget(w);
    this.control({ t: "kill", w });
    running?.reject(new IsolateCrash("the logic was stopped"));
  }

  private receive(frame: Uint8Array, signalReady: () => void): void {
    let target: number;
    let value: unknown;
    const opened: Array<[string, IncomingBytes]> = [];
    try {
      target = frameTarget(frame);
      ({ value } = decodeFrame(frame, { stream: (s, byteLength) => this.openIncoming(target, s, byteLength, opened) }));
    } catch {
      for (const [key, stream] of opened) this.forgetIncoming(key, stream);
      return;
    }
    if (target === 0) {
      const event = value as DenoEvent;
      if (event.t === "ready") signalReady();
      else if (event.t === "exit") this.ended(event.w, new IsolateCrash(`the logic's isolate failed: ${event.error}`));
      return;
    }
    const message = value as FromLogic;
    if (message?.t === "clean") {
      clearTimeout(this.verdictTimers.get(target));
      this.verdictTimers.delete(target);
      if (this.checking.delete(target)) this.release(target, message.reusable === true);
      return;
    }
    const running = this.running.get(target);
    if (!running) {
      for (const [key, stream] of opened) this.forgetIncoming(key, stream);
      return;
    }
    try {
      // Only a streamed operation's arguments may hold streams (the worker's bootstrap sends no other).
      if (opened.length > 0 && !(message?.t === "op" && STREAMED_OPS.has(message.name))) throw new TypeError("a stream outside a streamed operation");
      this.fromLogic(target, running, message, frame, opened);
    } catch (error) {
      for (const [key, stream] of opened) this.forgetIncoming(key, stream);
      // A message no honest bootstrap sends: the logic's isolate is not to be trusted any more.
      this.ended(target, new IsolateCrash(`the logic's isolate misbehaved: ${(error as Error).message}`));
    }
  }

  /** A stream an operation's argument holds: its chunks come in "chunk" messages, when asked for. */
  private openIncoming(w: number, s: number, byteLength: number, opened: Array<[string, IncomingBytes]>): IncomingBytes {
    const key = streamKey(w, s);
    if (w === 0 || this.incoming.has(key)) throw new TypeError("a stream id used twice");
    const stream = new IncomingBytes(byteLength, (chunks) => this.ask(w, s, chunks), STREAM_CHUNK_BYTES, STREAM_WINDOW);
    this.incoming.set(key, stream);
    opened.push([key, stream]);
    return stream;
  }

  private ask(w: number, s: number, chunks: number): void {
    // A stopped worker is asked for nothing (its streams failed already).
    if (this.running.has(w)) this.toLogic(w, { t: "pull", s, n: chunks });
  }

  private forgetIncoming(key: string, stream: IncomingBytes, error?: Error): void {
    if (this.incoming.get(key) === stream) this.incoming.delete(key);
    if (error) stream.fail(error);
    else stream.close();
  }

  /** Every stream still coming from worker `w` fails: it will send no more. */
  private failIncoming(w: number, why: string): void {
    const prefix = `${w}/`;
    for (const [key, stream] of this.incoming) {
      if (key.startsWith(prefix)) this.forgetIncoming(key, stream, new ByteStreamError("Interrupted", why));
    }
  }

  private fromLogic(w: number, running: Running, message: FromLogic, frame: Uint8Array, streams: ReadonlyArray<[string, IncomingBytes]>): void {
    switch (message?.t) {
      case "op":
        if (typeof message.id !== "number" || typeof message.name !== "string" || !Array.isArray(message.args)) throw new TypeError("bad op");
        void this.answer(w, running, message.id, message.name, message.args, streams);
        return;
      case "chunk": {
        if (typeof message.s !== "number") throw new TypeError("bad chunk");
        const stream = this.incoming.get(streamKey(w, message.s));
        // Chunks of a stream its operation stopped reading (it failed early) are dropped.
        if (!stream) return;
        if ("error" in message) {
          this.forgetIncoming(streamKey(w, message.s), stream, new ByteStreamError(String(message.error?.name), String(message.error?.message)));
        } else if (message.b instanceof Uint8Array) {
          // Once written to its file, the chunk's frame carries a later chunk.
          stream.push(message.b, () => this.reader.recycle(frame));
        } else {
          throw new TypeError("bad chunk");
        }
        return;
      }
      case "sync":
        if (typeof message.name !== "string" || !Array.isArray(message.args)) throw new TypeError("bad sync op");
        running.handler.sync(message.name, message.args);
        return;
      case "console":
        running.handler.console(String(message.level), String(message.text));
        return;
      case "done":
        this.running.delete(w);
        this.failIncoming(w, "the logic ended before its bytes were sent");
        // A failed logic's isolate is not given another one; a finished one's verdict follows.
        if (message.failure) this.release(w, false);
        else this.awaitVerdict(w);
        running.resolve({ failure: message.failure });
        return;
      default:
        throw new TypeError("unknown message");
    }
  }

  private async answer(
    w: number,
    running: Running,
    id: number,
    name: string,
    args: unknown[],
    streams: ReadonlyArray<[string, IncomingBytes]>,
  ): Promise<void> {
    let reply: ToLogic;
    try {
      const value = await running.handler.op(name, args);
      reply =
        value instanceof WithWholeBody
          ? { t: "result", id, ok: true, value: value.value, whole: { rid: value.rid, bytes: value.bytes } }
          : { t: "result", id, ok: true, value: value ?? null };
    } catch (error) {
      reply = { t: "result", id, ok: false, error: errorRecordOf(error) };
    }
    // What the operation did not read of its streams is not wanted any more (the worker stops them too).
    for (const [key, stream] of streams) this.forgetIncoming(key, stream);
    if (this.running.get(w) !== running) return;
    try {
      this.toLogic(w, reply);
    } catch (error) {
      this.toLogic(w, { t: "result", id, ok: false, error: { name: "TypeError", message: `${name}: ${(error as Error).message}` } });
    }
  }

  private ended(w: number, crash: IsolateCrash): void {
    this.scripts.forget(w);
    const at = this.spare.indexOf(w);
    if (at !== -1) this.spare.splice(at, 1);
    // A worker that dies while being checked comes back for no waiting run.
    if (this.checking.delete(w)) this.unblockWaiting();
    this.failIncoming(w, "the logic's isolate failed before its bytes were sent");
    const running = this.running.get(w);
    if (!running) return;
    this.running.delete(w);
    running.reject(crash);
  }

  private fail(why: string): void {
    this.dead ??= new IsolateCrash(why);
    for (const take of this.waitingForWorker.splice(0)) take(undefined);
    for (const [key, stream] of this.incoming) this.forgetIncoming(key, stream, new ByteStreamError("Interrupted", why));
    for (const [w, running] of this.running) {
      this.running.delete(w);
      running.reject(this.dead);
    }
  }

  private control(message: DenoControl): void {
    this.write([encodeFrame(0, message)]);
  }

  /**
   * Large byte arrays of the message are written as they are, not copied into the frame: what Node
   * answers a logic with (a file read, a response body's bytes) is made for that answer alone.
   */
  private toLogic(w: number, message: ToLogic): void {
    this.write(encodeFrameParts(w, message));
  }

  private write(parts: Uint8Array[]): void {
    const stdin = this.child.stdin!;
    if (this.dead && !stdin.writable) return;
    for (const part of parts) this.collector.crossed(part.byteLength);
    // Every frame written in this tick leaves in ONE gathered write, at the end of the tick: the
    // answers of several operations cost one system call and one wake-up of the Deno host, not one
    // each. A frame's parts stay together and in order (nothing else is written between them).
    // Lent bytes (./lent-bytes) go back to their lender once written out, whether or not the write
    // succeeded. `end()` flushes what is corked.
    if (!this.corked) {
      this.corked = true;
      stdin.cork();
      process.nextTick(() => {
        this.corked = false;
        stdin.uncork();
      });
    }
    for (const part of parts) {
      if (isLent(part)) stdin.write(part, () => written(part));
      else stdin.write(part);
    }
  }

  /** Whether this tick's frames are being gathered (see `write`). */
  private corked = false;
}

export interface IsolateOptions {
  /** Saffron's classic script, evaluated in every logic isolate. */
  saffron: () => Promise<string>;
  /** Isolates kept started ahead of need (default 2). */
  spares?: number;
  /** Clean isolates kept for the next logics at most (default 8). */
  maxIdle?: number;
}

/** The runtime's isolates: one Deno host process, started on first use, restarted after a crash. */
export class DenoIsolates {
  private live: DenoProcess | undefined;
  private starting: Promise<DenoProcess> | undefined;
  private closed = false;

  constructor(private readonly options: IsolateOptions) {}

  async run(run: LogicRunRequest, handler: LogicHandler): Promise<RunningLogic> {
    if (this.closed) throw new IsolateCrash("the isolates are closed");
    return (await this.host()).run(run, handler);
  }

  /** The Deno host process's pid, once started. */
  get pid(): number | undefined {
    return this.live?.pid;
  }

  /** Isolates started and logics run in a reused one, since the runtime started. */
  get stats(): { started: number; reused: number } {
    return { ...(this.live?.stats ?? { started: 0, reused: 0 }) };
  }

  /** Starts the Deno host process and its spare isolates now (instead of at the first logic). */
  async warm(): Promise<void> {
    await this.host();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.starting?.catch(() => undefined);
    this.live?.close();
  }

  private host(): Promise<DenoProcess> {
    if (this.live?.alive) return Promise.resolve(this.live);
    this.starting ??= this.options
      .saffron()
      .then((saffron) => DenoProcess.start(saffron, this.options.spares ?? 2, Math.max(this.options.spares ?? 2, this.options.maxIdle ?? 8)))
      .then((process) => {
        this.live = process;
        return process;
      })
      .finally(() => (this.starting = undefined));
    return this.starting;
  }
}
