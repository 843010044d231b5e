/**
 * Runs tasks one after another per lane (a topic-partition), lanes side by side: records of one
 * partition keep their order, different partitions do not wait for each other.
 */
export class PartitionLanes {
  private readonly tails = new Map<string, Promise<void>>();
  private pendingCount = 0;
  private idleWaiters: Array<() => void> = [];

  /** @param onPendingChange told the number of tasks queued or running after each change (for backpressure). */
  constructor(private readonly onPendingChange: (pending: number) => void = () => {}) {}

  get pending(): number {
    return this.pendingCount;
  }

  /** Queues a task; it must not reject (a rejection is swallowed so the lane goes on). */
  enqueue(lane: string, task: () => Promise<void>): void {
    this.pendingCount += 1;
    this.onPendingChange(this.pendingCount);
    const previous = this.tails.get(lane) ?? Promise.resolve();
    const tail = previous
      .then(task)
      .catch(() => {})
      .finally(() => {
        this.pendingCount -= 1;
        if (this.tails.get(lane) === tail) this.tails.delete(lane);
        this.onPendingChange(this.pendingCount);
        if (this.pendingCount === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
      });
    this.tails.set(lane, tail);
  }

  /** Resolves once no task is queued or running. */
  idle(): Promise<void> {
    if (this.pendingCount === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
