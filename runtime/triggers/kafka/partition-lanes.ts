import { CommitWindow } from "./commit-window";

/** What the lanes need of a record: where it is, and what it must stay in order with. */
export interface LaneRecord {
  offset: bigint;
  /**
   * Records with the same ordering key run one after another, in offset order; different keys run
   * side by side. (The trigger uses the record's key; records without one share one sequence.)
   */
  orderingKey: string;
}

/** How a record's run ended: processed (the commit may pass it), or given back to be taken again. */
export type RecordRun = "finished" | "given-back";

export interface PartitionLanesOptions<R extends LaneRecord> {
  /** Records of one lane (a topic-partition) running at once, at most. */
  maxInFlightPerLane: number;
  /** Runs one record; must not reject. */
  run(lane: string, record: R): Promise<RecordRun>;
  /** A lane's commit point moved forward: every record of the lane below `offset` is finished. */
  onCommitPoint(lane: string, offset: bigint): void;
  /** Told the number of records queued or running after each change (for backpressure). */
  onPendingChange?(pending: number): void;
}

interface Lane<R> {
  /** Taken, not started yet, in offset order. */
  waiting: R[];
  running: number;
  /** Ordering keys with a record running. */
  busyKeys: Set<string>;
  window: CommitWindow;
  reported: bigint | undefined;
}

/**
 * Per topic-partition, runs records concurrently up to a bound, keeping records with the same
 * ordering key in offset order; partitions side by side. Each lane keeps a commit window, so the
 * offset it reports never passes a record that is not finished — a slow record early in a partition
 * holds the commit while later ones finish, and a crash re-delivers it and what follows.
 */
export class PartitionLanes<R extends LaneRecord> {
  private readonly lanes = new Map<string, Lane<R>>();
  private pendingCount = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: PartitionLanesOptions<R>) {
    if (!Number.isInteger(options.maxInFlightPerLane) || options.maxInFlightPerLane < 1) {
      throw new Error(`maxInFlightPerLane must be a whole number of at least 1, got ${options.maxInFlightPerLane}`);
    }
  }

  get pending(): number {
    return this.pendingCount;
  }

  /** Takes a record (new, or given back before): it runs when its lane and its key allow. */
  enqueue(lane: string, record: R): void {
    const state = this.laneOf(lane);
    state.window.track(record.offset);
    // Mostly appended; a record given back and taken again goes back to its place.
    let at = state.waiting.length;
    while (at > 0 && state.waiting[at - 1]!.offset > record.offset) at -= 1;
    state.waiting.splice(at, 0, record);
    this.changePending(+1);
    this.pump(lane, state);
  }

  /** Resolves once no record is queued or running. */
  idle(): Promise<void> {
    if (this.pendingCount === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private laneOf(lane: string): Lane<R> {
    let state = this.lanes.get(lane);
    if (!state) {
      state = { waiting: [], running: 0, busyKeys: new Set(), window: new CommitWindow(), reported: undefined };
      this.lanes.set(lane, state);
    }
    return state;
  }

  /** Starts the earliest waiting records whose key is free, up to the lane's bound. */
  private pump(lane: string, state: Lane<R>): void {
    const heldKeys = new Set<string>();
    for (let index = 0; index < state.waiting.length && state.running < this.options.maxInFlightPerLane; ) {
      const record = state.waiting[index]!;
      const key = record.orderingKey;
      if (state.busyKeys.has(key) || heldKeys.has(key)) {
        // An earlier record of this key runs or waits: this one (and later ones of the key) wait too.
        heldKeys.add(key);
        index += 1;
        continue;
      }
      state.waiting.splice(index, 1);
      state.busyKeys.add(key);
      state.running += 1;
      void this.start(lane, state, record);
    }
  }

  private async start(lane: string, state: Lane<R>, record: R): Promise<void> {
    let outcome: RecordRun = "given-back";
    try {
      outcome = await this.options.run(lane, record);
    } catch {
      // `run` must not reject; if it does, the record counts as not processed (it holds the commit).
    }
    state.running -= 1;
    state.busyKeys.delete(record.orderingKey);
    if (outcome === "finished") {
      state.window.finish(record.offset);
      const point = state.window.commitPoint();
      if (point !== undefined && (state.reported === undefined || point > state.reported)) {
        state.reported = point;
        this.options.onCommitPoint(lane, point);
      }
    }
    this.changePending(-1);
    this.pump(lane, state);
  }

  private changePending(by: number): void {
    this.pendingCount += by;
    this.options.onPendingChange?.(this.pendingCount);
    if (this.pendingCount === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
