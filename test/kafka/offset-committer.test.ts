/**
 * The offset committer without a broker: a partition's commits spaced, the points asked for
 * meanwhile folded into the next, and a flush committing at once.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ConsumerSession } from "../../runtime/triggers/kafka/consumer-session";
import { OffsetCommitter } from "../../runtime/triggers/kafka/offset-committer";

function recordingSession() {
  const commits: Array<[number, bigint]> = [];
  const session = {
    isAssigned: () => true,
    commit: async (partition: number, offset: bigint) => {
      commits.push([partition, offset]);
    },
  } as unknown as ConsumerSession;
  return { session, commits };
}

function committer(session: ConsumerSession, signal = new AbortController().signal) {
  return new OffsetCommitter(session, { topic: "t", groupId: "g", log: () => undefined, backoff: { initialMs: 1, maxMs: 1, factor: 1 }, signal, intervalMs: 500 });
}

/** A committer (fake timers) whose partition 0 committed offset 1 at once. */
async function afterFirstCommit(signal?: AbortSignal) {
  vi.useFakeTimers();
  const { session, commits } = recordingSession();
  const offsets = committer(session, signal);
  offsets.commit(0, 1n);
  await vi.advanceTimersByTimeAsync(0);
  return { offsets, commits };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("offset committer", () => {
  it("commits a partition's first point at once and folds the points of the next 500 ms into one commit", async () => {
    const { offsets, commits } = await afterFirstCommit();
    expect(commits).toEqual([[0, 1n]]);

    offsets.commit(0, 2n);
    offsets.commit(1, 7n);
    offsets.commit(0, 3n);
    await vi.advanceTimersByTimeAsync(499);
    // Partition 1 is spaced on its own; partition 0 waits for its interval.
    expect(commits).toEqual([[0, 1n], [1, 7n]]);
    await vi.advanceTimersByTimeAsync(1);
    expect(commits).toEqual([[0, 1n], [1, 7n], [0, 3n]]);
  });

  it("commits what is left at once on flush, without waiting for the interval", async () => {
    const { offsets, commits } = await afterFirstCommit();
    offsets.commit(0, 5n);
    const flushed = offsets.flush();
    await vi.advanceTimersByTimeAsync(0);
    await flushed;
    expect(commits).toEqual([[0, 1n], [0, 5n]]);
  });

  it("commits nothing more once aborted, and ends its wait", async () => {
    const abort = new AbortController();
    const { offsets, commits } = await afterFirstCommit(abort.signal);
    offsets.commit(0, 2n);
    abort.abort();
    await offsets.flush();
    await vi.advanceTimersByTimeAsync(1000);
    expect(commits).toEqual([[0, 1n]]);
  });
});
