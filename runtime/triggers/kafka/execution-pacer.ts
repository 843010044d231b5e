import type { ExecuteRequest, Executor, StartedExecution } from "../../contract";
import { ExecutorBusyError } from "../../executor/execution-slots";

export interface ExecutionPacerOptions {
  /** Told once when the executor starts refusing, and once when it takes executions again. */
  onBusy?(error: ExecutorBusyError): void;
  onRecovered?(): void;
}

/**
 * Starts a subscription's executions without ever dropping one when the executor is full. The
 * executor refuses a start past its queue (ExecutorBusyError); from then on the subscription's
 * records wait their turn here, in arrival order, and one tries again each time one of this
 * subscription's own executions ends — the slot it frees is the event to wait for. With none of its
 * own running (the executor is full with other triggers' work), the next try comes after the
 * error's Retry-After hint, since nothing else says when a slot frees. An accepted start lets the
 * next waiting record try at once, so the pace rises back to what the executor takes.
 */
export class ExecutionPacer {
  private readonly waiting: Array<() => void> = [];
  private refusing = false;
  private own = 0;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly executor: Executor,
    private readonly options: ExecutionPacerOptions = {},
  ) {}

  /** Executions of this pacer that were started and have not ended. */
  get running(): number {
    return this.own;
  }

  /** Records waiting for the executor to take them. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Starts `request` as soon as the executor takes it. Resolves undefined when `signal` aborts
   * first; rejects only with an error other than ExecutorBusyError (for the caller's retry policy).
   */
  async start(request: ExecuteRequest, signal: AbortSignal): Promise<StartedExecution | undefined> {
    // A new record queues behind those already waiting; one refused goes back to the head.
    let waitAt: "front" | "back" | undefined = this.refusing || this.waiting.length > 0 ? "back" : undefined;
    while (!signal.aborted) {
      if (waitAt !== undefined && !(await this.turn(signal, waitAt))) return undefined;
      if (signal.aborted) break;
      let started: StartedExecution;
      try {
        started = this.executor.start(request);
      } catch (error) {
        if (!(error instanceof ExecutorBusyError)) throw error;
        this.refused(error);
        waitAt = "front";
        continue;
      }
      this.accepted();
      this.own += 1;
      void started.done.finally(() => {
        this.own -= 1;
        this.wakeOne();
      });
      return started;
    }
    return undefined;
  }

  private turn(signal: AbortSignal, where: "front" | "back"): Promise<boolean> {
    return new Promise((resolve) => {
      const onAbort = () => {
        const at = this.waiting.indexOf(wake);
        if (at >= 0) this.waiting.splice(at, 1);
        resolve(false);
      };
      const wake = () => {
        signal.removeEventListener("abort", onAbort);
        resolve(true);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      if (where === "front") this.waiting.unshift(wake);
      else this.waiting.push(wake);
      // Not refusing (any more): nothing else would wake the line's head.
      if (!this.refusing && this.waiting.length === 1) this.wakeOne();
    });
  }

  private refused(error: ExecutorBusyError): void {
    if (!this.refusing) {
      this.refusing = true;
      this.options.onBusy?.(error);
    }
    if (this.own === 0 && this.retryTimer === undefined) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.wakeOne();
      }, Math.max(0.05, error.retryAfterSeconds) * 1000);
    }
  }

  private accepted(): void {
    if (this.refusing) {
      this.refusing = false;
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      this.options.onRecovered?.();
    }
    // The executor had room for this one; the next in line tries too.
    this.wakeOne();
  }

  private wakeOne(): void {
    this.waiting.shift()?.();
  }
}
