/**
 * Bounded execution concurrency with backpressure: at most `maxRunning` executions run at once,
 * at most `maxQueued` wait for a slot behind them; past that a trigger that cannot wait (the API
 * route) is told so at once, while one that can (Kafka, the manual trigger, the schedule) waits.
 */
import { availableParallelism } from "node:os";

export class ExecutorBusyError extends Error {
  override name = "ExecutorBusy";
  constructor(
    readonly running: number,
    readonly queued: number,
    /** A hint for the caller's Retry-After. */
    readonly retryAfterSeconds = 1,
  ) {
    super(`the runtime is busy: ${running} executions running and ${queued} waiting (executions.maxRunning / maxQueued)`);
  }
}

export type Release = () => void;

/** `executions.maxRunning` when the config gives none: 4 per core, at least 2. */
export function defaultMaxRunning(): number {
  return Math.max(2, availableParallelism() * 4);
}

export class ExecutionSlots {
  private running = 0;
  /** Waiting for a slot, in arrival order; `bounded` ones count against `maxQueued`. */
  private readonly waiting: Array<{ grant: (release: Release) => void; bounded: boolean }> = [];
  private bounded = 0;

  constructor(
    readonly maxRunning: number,
    readonly maxQueued: number,
  ) {}

  /** A slot now or later; throws ExecutorBusyError when `maxQueued` are already waiting. */
  enterOrRefuse(): Promise<Release> {
    if (this.running < this.maxRunning) return Promise.resolve(this.take());
    if (this.bounded >= this.maxQueued) throw new ExecutorBusyError(this.running, this.waiting.length);
    return this.wait(true);
  }

  /** A slot now or later, however many wait: for triggers that pace themselves. */
  enter(): Promise<Release> {
    if (this.running < this.maxRunning && this.waiting.length === 0) return Promise.resolve(this.take());
    return this.wait(false);
  }

  get counts(): { running: number; queued: number } {
    return { running: this.running, queued: this.waiting.length };
  }

  private wait(bounded: boolean): Promise<Release> {
    if (bounded) this.bounded++;
    return new Promise((grant) => this.waiting.push({ grant, bounded }));
  }

  private take(): Release {
    this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      const next = this.waiting.shift();
      if (!next) return;
      if (next.bounded) this.bounded--;
      next.grant(this.take());
    };
  }
}
