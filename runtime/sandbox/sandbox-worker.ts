/**
 * The host's handle on a task's sandbox worker.
 *
 * Why a worker thread per task rather than vm's `timeout` option: `timeout` only bounds the
 * synchronous part of one `runInContext` call, and a logic's run is async — a
 * `while (true) {}` after its first `await` would block the runtime's event loop for good.
 * A worker can always be terminated (even mid-loop), which is how a hung logic ends with 202
 * while the runtime and the other tasks go on. One worker per task, not per execution, so a
 * hung data process cannot stall the others of the same execution.
 *
 * The worker is started from code bundled once per process by esbuild (an `eval` worker), which
 * runs the same under vitest, tsx and a plain `node`, with no loader to register in the worker.
 */
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import * as esbuild from "esbuild";
import type { HostOpName } from "../../sdk/src/host/ops";
import { removeTempFiles } from "../stores/atomic-write";
import { transferListOf } from "./hand-over";
import type { ErrorRecord, FailurePhase, HostToSandbox, SandboxToHost, SandboxWorkerData } from "./protocol";

const WORKER_ENTRY = fileURLToPath(new URL("./worker-entry.ts", import.meta.url));

let workerCode: Promise<string> | undefined;

function bundledWorkerCode(): Promise<string> {
  workerCode ??= esbuild
    .build({
      entryPoints: [WORKER_ENTRY],
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      write: false,
      logLevel: "silent",
    })
    .then((result) => result.outputFiles[0]!.text)
    .catch((error: unknown) => {
      workerCode = undefined;
      throw error;
    });
  return workerCode;
}

export interface SandboxHost {
  /** An asynchronous host operation; a throw is the logic's error (`HostOpError` name/message). */
  op(logic: number, name: HostOpName, args: unknown[]): unknown;
  /** A synchronous operation, already checked in the sandbox. */
  syncOp(logic: number, name: HostOpName, args: unknown[]): void;
}

export type LogicOutcome = { failure?: { phase: FailurePhase; error: ErrorRecord } };

/** The worker died (out of memory, a runtime bug): the task cannot go on. */
export class SandboxCrash extends Error {
  override name = "SandboxCrash";
}

function errorRecordOf(error: unknown): ErrorRecord {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: "Error", message: String(error) };
}

export class SandboxWorker {
  private closed = false;
  private running: { logic: number; resolve(outcome: LogicOutcome): void; reject(error: Error): void } | undefined;
  private crash: SandboxCrash | undefined;
  private terminated: Promise<void> | undefined;
  /** Temporary files of in-sandbox writes not finished yet: litter if the worker stops now. */
  private readonly tempFilesInFlight = new Set<string>();

  private constructor(
    private readonly worker: Worker,
    private readonly host: SandboxHost,
  ) {
    worker.on("message", (message: SandboxToHost) => this.receive(message));
    worker.on("error", (error) => this.fail(new SandboxCrash(`the sandbox failed: ${error.message}`)));
    worker.on("exit", (code) => this.fail(new SandboxCrash(`the sandbox exited (code ${code})`)));
  }

  static async start(data: SandboxWorkerData, host: SandboxHost): Promise<SandboxWorker> {
    const worker = new Worker(await bundledWorkerCode(), { eval: true, workerData: data, stdout: true, stderr: true });
    // Logic output goes through console → LoggingAgent; the worker's own streams stay quiet.
    worker.stdout.resume();
    worker.stderr.resume();
    return new SandboxWorker(worker, host);
  }

  /** Runs one logic; resolves when it is done (failure included), rejects if the worker dies. */
  runLogic(logic: number): Promise<LogicOutcome> {
    if (this.crash) return Promise.reject(this.crash);
    return new Promise((resolve, reject) => {
      this.running = { logic, resolve, reject };
      this.post({ type: "run", logic });
    });
  }

  /**
   * Stops the worker (also after it died on its own), then removes the temporary files of the
   * writes it was in the middle of. That removal is final: node delivers the messages a worker
   * posted before `terminate()` resolves, and the worker thread ends only once its file system
   * requests already under way have completed (and its open files are closed), so no write can
   * create or grow a temporary file afterwards.
   */
  terminate(): Promise<void> {
    this.closed = true;
    this.terminated ??= this.worker.terminate().then(() => removeTempFiles(this.tempFilesInFlight));
    return this.terminated;
  }

  private receive(message: SandboxToHost): void {
    switch (message.type) {
      case "op":
        void this.answer(message.id, message.logic, message.name, message.args);
        return;
      case "syncOp":
        this.host.syncOp(message.logic, message.name, message.args);
        return;
      case "done": {
        const running = this.running;
        if (running?.logic !== message.logic) return;
        this.running = undefined;
        running.resolve({ failure: message.failure });
        return;
      }
      case "tempFile":
        if (message.state === "opened") this.tempFilesInFlight.add(message.path);
        else this.tempFilesInFlight.delete(message.path);
    }
  }

  private async answer(id: number, logic: number, name: HostOpName, args: unknown[]): Promise<void> {
    try {
      const value = await this.host.op(logic, name, args);
      this.post({ type: "opResult", id, ok: true, value: value ?? null }, transferListOf(value));
    } catch (error) {
      this.post({ type: "opResult", id, ok: false, error: errorRecordOf(error) });
    }
  }

  private post(message: HostToSandbox, transfer: ArrayBuffer[] = []): void {
    if (this.closed) return;
    try {
      this.worker.postMessage(message, transfer);
    } catch (error) {
      // A value the host cannot send back is the logic's problem, reported as its error.
      if (message.type === "opResult" && message.ok) {
        this.worker.postMessage({ type: "opResult", id: message.id, ok: false, error: errorRecordOf(error) });
      } else throw error;
    }
  }

  private fail(crash: SandboxCrash): void {
    if (this.closed) return;
    this.closed = true;
    this.crash = crash;
    const running = this.running;
    this.running = undefined;
    running?.reject(crash);
  }
}
