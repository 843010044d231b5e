/**
 * The parts that let a partition's records run side by side, without a broker: the commit window
 * (never past an unfinished record), the lanes (a bound per partition, one key in order) and the
 * pacer (never dropping a record the executor refuses).
 */
import { describe, expect, it } from "vitest";
import type { ExecuteRequest } from "../../runtime/contract";
import { ExecutorBusyError } from "../../runtime/executor/execution-slots";
import { CommitWindow } from "../../runtime/triggers/kafka/commit-window";
import { ExecutionPacer } from "../../runtime/triggers/kafka/execution-pacer";
import { buildMessageQueuePayload } from "../../runtime/triggers/kafka/message-queue-payload";
import { PartitionLanes, type LaneRecord, type RecordRun } from "../../runtime/triggers/kafka/partition-lanes";
import { deferred, type Deferred } from "../triggers/helpers/deferred";
import type { FakeOutcome } from "../triggers/helpers/fake-executor";
import { SlottedExecutor } from "./helpers/slotted-executor";

describe("commit window", () => {
  it("commits up to the first unfinished record, and past everything once all are finished", () => {
    const window = new CommitWindow();
    for (const offset of [10n, 11n, 12n, 13n]) window.track(offset);
    window.finish(11n);
    window.finish(13n);
    expect(window.commitPoint()).toBe(undefined);
    window.finish(10n);
    expect(window.commitPoint()).toBe(12n);
    window.finish(12n);
    expect(window.commitPoint()).toBe(14n);
  });

  it("keeps a record given back (taken, not finished) as the limit until it is finished", () => {
    const window = new CommitWindow();
    for (const offset of [0n, 1n, 2n]) window.track(offset);
    window.finish(0n);
    window.finish(2n);
    expect(window.commitPoint()).toBe(1n);
    // Taken again after a rebalance: still the limit, once only.
    window.track(1n);
    expect(window.unfinishedCount).toBe(1);
    window.finish(1n);
    expect(window.commitPoint()).toBe(3n);
  });

  it("skips the offsets a topic does not have (compaction, transaction markers)", () => {
    const window = new CommitWindow();
    for (const offset of [3n, 7n, 20n]) window.track(offset);
    window.finish(3n);
    expect(window.commitPoint()).toBe(7n);
    window.finish(20n);
    window.finish(7n);
    expect(window.commitPoint()).toBe(21n);
  });
});

interface TestRecord extends LaneRecord {
  name: string;
}

/** Lanes whose records finish when the test says so. */
function controlledLanes(maxInFlightPerLane: number) {
  const started: string[] = [];
  const running = new Map<string, Deferred<RecordRun>>();
  const commits: Array<[string, bigint]> = [];
  const lanes = new PartitionLanes<TestRecord>({
    maxInFlightPerLane,
    run: (_lane, record) => {
      started.push(record.name);
      const done = deferred<RecordRun>();
      running.set(record.name, done);
      return done.promise;
    },
    onCommitPoint: (lane, offset) => commits.push([lane, offset]),
  });
  const settle = async (name: string, outcome: RecordRun = "finished") => {
    running.get(name)!.resolve(outcome);
    // The lane reacts on the promise's continuation.
    await new Promise((resolve) => setImmediate(resolve));
  };
  const add = (lane: string, offset: number, key: string) => lanes.enqueue(lane, { offset: BigInt(offset), orderingKey: key, name: `${lane}@${offset}` });
  return { lanes, started, commits, settle, add };
}

describe("partition lanes", () => {
  it("runs up to the bound of one partition's records at once, the earliest first", async () => {
    const { started, settle, add } = controlledLanes(2);
    add("t:0", 0, "a");
    add("t:0", 1, "b");
    add("t:0", 2, "c");
    add("t:1", 0, "a");
    expect(started).toEqual(["t:0@0", "t:0@1", "t:1@0"]);
    await settle("t:0@1");
    expect(started).toEqual(["t:0@0", "t:0@1", "t:1@0", "t:0@2"]);
  });

  it("runs one key's records one after another, in offset order, while other keys go ahead", async () => {
    const { started, settle, add } = controlledLanes(4);
    add("t:0", 0, "a");
    add("t:0", 1, "a");
    add("t:0", 2, "b");
    add("t:0", 3, "a");
    expect(started).toEqual(["t:0@0", "t:0@2"]);
    await settle("t:0@2");
    expect(started).toEqual(["t:0@0", "t:0@2"]);
    await settle("t:0@0");
    expect(started).toEqual(["t:0@0", "t:0@2", "t:0@1"]);
    await settle("t:0@1");
    expect(started).toEqual(["t:0@0", "t:0@2", "t:0@1", "t:0@3"]);
  });

  it("reports a commit point only past finished records: a slow first record holds it", async () => {
    const { commits, settle, add, lanes } = controlledLanes(4);
    for (const offset of [0, 1, 2, 3]) add("t:0", offset, `k${offset}`);
    await settle("t:0@1");
    await settle("t:0@2");
    await settle("t:0@3");
    expect(commits).toEqual([]);
    await settle("t:0@0");
    expect(commits).toEqual([["t:0", 4n]]);
    await lanes.idle();
  });

  it("never reports a point past a record given back, until it is taken again and finished", async () => {
    const { commits, settle, add, started } = controlledLanes(4);
    for (const offset of [0, 1, 2]) add("t:0", offset, `k${offset}`);
    await settle("t:0@0");
    await settle("t:0@1", "given-back");
    await settle("t:0@2");
    expect(commits).toEqual([["t:0", 1n]]);
    add("t:0", 1, "k1");
    expect(started.filter((name) => name === "t:0@1")).toHaveLength(2);
    await settle("t:0@1");
    expect(commits).toEqual([
      ["t:0", 1n],
      ["t:0", 3n],
    ]);
  });
});

function request(n: number): ExecuteRequest {
  const record = { topic: "t", partition: 0, offset: BigInt(n), key: undefined, value: undefined };
  return { dataProcesses: ["orders"], payload: buildMessageQueuePayload(record, { brokers: [], groupId: "g" }), triggerType: "MessageQueue", triggerMetadata: { n } };
}

describe("execution pacer", () => {
  it("starts what the executor takes, holds the rest in order, and drops none", async () => {
    const outcomes: Array<Deferred<FakeOutcome>> = [];
    const executor = new SlottedExecutor(
      () => {
        const outcome = deferred<FakeOutcome>();
        outcomes.push(outcome);
        return outcome.promise;
      },
      { maxRunning: 2 },
    );
    const busy: ExecutorBusyError[] = [];
    const pacer = new ExecutionPacer(executor, { onBusy: (error) => busy.push(error) });
    const signal = new AbortController().signal;

    const starts = [0, 1, 2, 3, 4].map((n) => pacer.start(request(n), signal));
    const first = await Promise.all(starts.slice(0, 2));
    expect(first.every((started) => started !== undefined)).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(pacer.queued).toBe(3);
    expect(busy).toHaveLength(1);

    // Each execution that ends frees the slot the next record takes, in arrival order.
    for (let ended = 0; ended < 3; ended += 1) {
      outcomes[ended]!.resolve({ status: 200 });
      expect(await starts[ended + 2]).toBeDefined();
    }
    expect(executor.requests.map((entry) => entry.triggerMetadata?.n)).toEqual([0, 1, 2, 3, 4]);
    // Each refused record tried again only when a slot had freed: no busy loop.
    expect(executor.refusals).toBe(3);
    for (const outcome of outcomes) outcome.resolve({ status: 200 });
  });

  it("gives up a waiting record when its signal aborts", async () => {
    const executor = new SlottedExecutor(async () => ({ status: 200 }), { maxRunning: 1 });
    const held = await executor.slots.enter();
    const pacer = new ExecutionPacer(executor);
    const abort = new AbortController();
    const waiting = pacer.start(request(0), abort.signal);
    abort.abort();
    expect(await waiting).toBeUndefined();
    held();
  });
});
