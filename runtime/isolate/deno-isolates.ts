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
import type { DenoControl, DenoEvent, ErrorRecord, FailurePhase, FromLogic, LogicRun, ToLogic } from "./protocol";
import { decodeFrame, encodeFrame, FrameReader } from "./wire";

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

class DenoProcess {
  private readonly running = new Map<number, Running>();
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
    const reader = new FrameReader();
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
        frames = reader.push(chunk);
      } catch (error) {
        this.fail(`the isolate host sent an unreadable stream: ${(error as Error).message}`);
        child.kill("SIGKILL");
        return;
      }
      for (const frame of frames) this.receive(frame, signalReady);
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
        "--v8-flags=--max-semi-space-size=1",
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

  run(run: Omit<LogicRun, "w">, handler: LogicHandler): RunningLogic {
    if (this.dead) return { outcome: Promise.reject(this.dead), kill: () => undefined };
    // A worker still starting is fine too: Deno queues the run until its bootstrap is done.
    const w = this.spare.shift() ?? this.spawnWorker();
    if (this.runsOf.has(w)) this.stats.reused++;
    const outcome = new Promise<LogicOutcome>((resolve, reject) => this.running.set(w, { handler, resolve, reject }));
    this.toLogic(w, { t: "run", run: { ...run, w } });
    // After the run, so starting the replacement does not delay it.
    this.topUp();
    return { outcome, kill: () => this.kill(w) };
  }

  /** How many logics ran in a reused isolate, and how many isolates were started: for tests and the bench. */
  readonly stats = { started: 0, reused: 0 };
  private readonly runsOf = new Map<number, number>();
  /** Done, their realm being checked: reused or stopped once the verdict comes. */
  private readonly checking = new Set<number>();

  /**
   * A worker whose logic is done: back to the spares when its realm came back clean (and it has
   * not served too long, which bounds what a slow leak in Deno itself could grow to), else stopped.
   */
  private release(w: number, reusable: boolean): void {
    const runs = (this.runsOf.get(w) ?? 0) + 1;
    if (reusable && !this.dead && runs < MAX_RUNS_PER_ISOLATE && this.spare.length < this.maxIdle) {
      this.runsOf.set(w, runs);
      this.spare.unshift(w);
      return;
    }
    this.runsOf.delete(w);
    this.control({ t: "kill", w });
  }

  topUp(): void {
    while (!this.dead && this.spare.length < this.spares) this.spare.push(this.spawnWorker());
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
    this.runsOf.delete(w);
    this.control({ t: "kill", w });
    running?.reject(new IsolateCrash("the logic was stopped"));
  }

  private receive(frame: Uint8Array, signalReady: () => void): void {
    let target: number;
    let value: unknown;
    try {
      ({ target, value } = decodeFrame(frame));
    } catch {
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
      if (this.checking.delete(target)) this.release(target, message.reusable === true);
      return;
    }
    const running = this.running.get(target);
    if (!running) return;
    try {
      this.fromLogic(target, running, message);
    } catch (error) {
      // A message no honest bootstrap sends: the logic's isolate is not to be trusted any more.
      this.ended(target, new IsolateCrash(`the logic's isolate misbehaved: ${(error as Error).message}`));
    }
  }

  private fromLogic(w: number, running: Running, message: FromLogic): void {
    switch (message?.t) {
      case "op":
        if (typeof message.id !== "number" || typeof message.name !== "string" || !Array.isArray(message.args)) throw new TypeError("bad op");
        void this.answer(w, running, message.id, message.name, message.args);
        return;
      case "sync":
        if (typeof message.name !== "string" || !Array.isArray(message.args)) throw new TypeError("bad sync op");
        running.handler.sync(message.name, message.args);
        return;
      case "console":
        running.handler.console(String(message.level), String(message.text));
        return;
      case "done":
        this.running.delete(w);
        // A failed logic's isolate is not given another one; a finished one's verdict follows.
        if (message.failure) this.release(w, false);
        else this.checking.add(w);
        running.resolve({ failure: message.failure });
        return;
      default:
        throw new TypeError("unknown message");
    }
  }

  private async answer(w: number, running: Running, id: number, name: string, args: unknown[]): Promise<void> {
    let reply: ToLogic;
    try {
      reply = { t: "result", id, ok: true, value: (await running.handler.op(name, args)) ?? null };
    } catch (error) {
      reply = { t: "result", id, ok: false, error: errorRecordOf(error) };
    }
    if (this.running.get(w) !== running) return;
    try {
      this.toLogic(w, reply);
    } catch (error) {
      this.toLogic(w, { t: "result", id, ok: false, error: { name: "TypeError", message: `${name}: ${(error as Error).message}` } });
    }
  }

  private ended(w: number, crash: IsolateCrash): void {
    const at = this.spare.indexOf(w);
    if (at !== -1) this.spare.splice(at, 1);
    const running = this.running.get(w);
    if (!running) return;
    this.running.delete(w);
    running.reject(crash);
  }

  private fail(why: string): void {
    this.dead ??= new IsolateCrash(why);
    for (const [w, running] of this.running) {
      this.running.delete(w);
      running.reject(this.dead);
    }
  }

  private control(message: DenoControl): void {
    this.write(encodeFrame(0, message));
  }

  private toLogic(w: number, message: ToLogic): void {
    this.write(encodeFrame(w, message));
  }

  private write(frame: Uint8Array): void {
    if (this.dead && !this.child.stdin!.writable) return;
    this.child.stdin!.write(frame);
  }
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

  async run(run: Omit<LogicRun, "w">, handler: LogicHandler): Promise<RunningLogic> {
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
