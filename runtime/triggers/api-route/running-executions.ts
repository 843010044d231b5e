import type { StartedExecution } from "../../contract";
import type { RequestFacts } from "./responses";

/**
 * Executions started by this server and not finished yet (asynchronous ones, and synchronous ones
 * that may outlive their request's wait), with their request's facts.
 */
export class RunningExecutions {
  private readonly running = new Map<string, { facts: RequestFacts; finished: Promise<void> }>();

  track(started: StartedExecution, facts: RequestFacts): void {
    const finished = started.done.then(
      () => undefined,
      () => undefined,
    );
    this.running.set(started.executionId, { facts, finished });
    void finished.then(() => this.running.delete(started.executionId));
  }

  /** The facts of the request that started it, while it runs. */
  get(executionId: string): RequestFacts | undefined {
    return this.running.get(executionId)?.facts;
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves once every execution running now has finished. */
  async settled(): Promise<void> {
    await Promise.all([...this.running.values()].map((entry) => entry.finished));
  }
}
