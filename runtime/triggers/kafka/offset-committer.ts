import type { TriggerLog } from "../api-route/trigger-log";
import type { BackoffPolicy } from "./backoff";
import type { ConsumerSession } from "./consumer-session";
import { retryUntilDone } from "./retry";

/** A failed commit is not retried for long: the partition's next commit covers it. */
const COMMIT_ATTEMPTS = 3;
/**
 * A partition's commits start at least this far apart (Kafka's own consumers commit every 5 s by
 * default): each commit is a request the broker writes to its offsets log, and one per record
 * was a large part of the broker's work. A crash repeats at most this long's records, which any
 * Kafka consumer may do (delivery is at least once); a graceful stop commits at once.
 */
export const COMMIT_INTERVAL_MS = 500;

interface PartitionCommits {
  /** The highest commit point asked for. */
  wanted: bigint;
  committed: bigint | undefined;
  running: Promise<void> | undefined;
  /** When the partition's last commit started (performance.now()). */
  lastStartedAt: number;
  /** Ends the wait before the next commit early (a flush, an abort). */
  wake: (() => void) | undefined;
}

export interface OffsetCommitterOptions {
  topic: string;
  groupId: string;
  log: TriggerLog;
  backoff: BackoffPolicy;
  /** Aborted: commit nothing more (a crash, a shutdown past its grace). */
  signal: AbortSignal;
  /** Default COMMIT_INTERVAL_MS. */
  intervalMs?: number;
}

/**
 * Commits a session's partitions' commit points, at most one commit in flight per partition and
 * the next one no sooner than `intervalMs` after it started: the points asked for meanwhile are
 * folded into the next. `flush` commits what is left at once.
 * A partition no longer assigned to this member is not committed (its new owner resumes from the
 * last commit and sees those records again).
 */
export class OffsetCommitter {
  private readonly partitions = new Map<number, PartitionCommits>();
  /** Set by `flush`: no more spacing, the session is ending. */
  private hurrying = false;

  constructor(
    private readonly session: ConsumerSession,
    private readonly options: OffsetCommitterOptions,
  ) {}

  /** Asks to commit `offset` (the next record to read) on `partition`. */
  commit(partition: number, offset: bigint): void {
    let state = this.partitions.get(partition);
    if (!state) {
      state = { wanted: offset, committed: undefined, running: undefined, lastStartedAt: Number.NEGATIVE_INFINITY, wake: undefined };
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
    this.hurrying = true;
    for (const state of this.partitions.values()) state.wake?.();
    let running = [...this.partitions.values()].flatMap((state) => (state.running ? [state.running] : []));
    while (running.length > 0) {
      await Promise.all(running);
      running = [...this.partitions.values()].flatMap((state) => (state.running ? [state.running] : []));
    }
  }

  private async commitWanted(partition: number, state: PartitionCommits): Promise<"caught-up" | "stopped"> {
    const { topic, groupId, log, backoff, signal } = this.options;
    while (!signal.aborted && (state.committed === undefined || state.wanted > state.committed)) {
      await this.spacing(state);
      if (signal.aborted) break;
      const offset = state.wanted;
      const where = { topic, partition, offset: Number(offset), groupId };
      if (!this.session.isAssigned(partition)) {
        log({ level: "warn", msg: "kafka commit: partition reassigned before the commit; another member will see its records again", ...where });
        return "stopped";
      }
      state.lastStartedAt = performance.now();
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

  /** Waits until the partition's next commit may start. */
  private spacing(state: PartitionCommits): Promise<void> {
    const { signal, intervalMs = COMMIT_INTERVAL_MS } = this.options;
    const left = state.lastStartedAt + intervalMs - performance.now();
    if (left <= 0 || this.hurrying || signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        state.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, left);
      signal.addEventListener("abort", done, { once: true });
      state.wake = done;
    });
  }
}
