import type { TriggerLog } from "../api-route/trigger-log";
import type { BackoffPolicy } from "./backoff";
import type { ConsumerSession } from "./consumer-session";
import { retryUntilDone } from "./retry";

/** A failed commit is not retried for long: the partition's next commit covers it. */
const COMMIT_ATTEMPTS = 3;

interface PartitionCommits {
  /** The highest commit point asked for. */
  wanted: bigint;
  committed: bigint | undefined;
  running: Promise<void> | undefined;
}

export interface OffsetCommitterOptions {
  topic: string;
  groupId: string;
  log: TriggerLog;
  backoff: BackoffPolicy;
  /** Aborted: commit nothing more (a crash, a shutdown past its grace). */
  signal: AbortSignal;
}

/**
 * Commits a session's partitions' commit points, at most one commit in flight per partition: the
 * points asked for while one is in flight are folded into the next, so a partition whose records
 * finish faster than the broker answers commits less often, never later than its next answer.
 * A partition no longer assigned to this member is not committed (its new owner resumes from the
 * last commit and sees those records again).
 */
export class OffsetCommitter {
  private readonly partitions = new Map<number, PartitionCommits>();

  constructor(
    private readonly session: ConsumerSession,
    private readonly options: OffsetCommitterOptions,
  ) {}

  /** Asks to commit `offset` (the next record to read) on `partition`. */
  commit(partition: number, offset: bigint): void {
    let state = this.partitions.get(partition);
    if (!state) {
      state = { wanted: offset, committed: undefined, running: undefined };
      this.partitions.set(partition, state);
    }
    if (offset > state.wanted) state.wanted = offset;
    if (state.running) return;
    const commits = state;
    commits.running = this.commitWanted(partition, commits).then((ended) => {
      commits.running = undefined;
      // A point asked for between the last commit's answer and now.
      if (ended === "caught-up" && commits.committed !== undefined && commits.wanted > commits.committed) this.commit(partition, commits.wanted);
    });
  }

  /** Resolves once every commit asked for so far was made or given up. */
  async flush(): Promise<void> {
    let running = [...this.partitions.values()].flatMap((state) => (state.running ? [state.running] : []));
    while (running.length > 0) {
      await Promise.all(running);
      running = [...this.partitions.values()].flatMap((state) => (state.running ? [state.running] : []));
    }
  }

  private async commitWanted(partition: number, state: PartitionCommits): Promise<"caught-up" | "stopped"> {
    const { topic, groupId, log, backoff, signal } = this.options;
    while (!signal.aborted && (state.committed === undefined || state.wanted > state.committed)) {
      const offset = state.wanted;
      const where = { topic, partition, offset: Number(offset), groupId };
      if (!this.session.isAssigned(partition)) {
        log({ level: "warn", msg: "kafka commit: partition reassigned before the commit; another member will see its records again", ...where });
        return "stopped";
      }
      const done = await retryUntilDone(() => this.session.commit(partition, offset), {
        backoff,
        signal,
        log,
        maxAttempts: COMMIT_ATTEMPTS,
        failure: { msg: "kafka commit: committing the offset failed", ...where },
      });
      if (!done.ok) return "stopped";
      state.committed = offset;
    }
    return signal.aborted ? "stopped" : "caught-up";
  }
}
