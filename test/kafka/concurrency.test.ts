/**
 * A partition's records side by side, on a real broker: several run at once (different keys), one
 * key's records (and keyless ones) stay in order, the group's committed offset never passes a record
 * that is not processed — so a crash re-delivers it and what follows — and when the executor refuses
 * executions the records wait and none is dropped.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deferred, type Deferred } from "../triggers/helpers/deferred";
import { FakeExecutor, type FakeOutcome } from "../triggers/helpers/fake-executor";
import { committedOffset, createTopic, sendRecords, TopicReader, uniqueName } from "./helpers/kafka-clients";
import { acceptJsonRecords, recordText } from "./helpers/record-executor";
import { SlottedExecutor } from "./helpers/slotted-executor";
import { stopOwnBroker, testBrokers } from "./helpers/test-broker";
import { startTestTrigger, subscription } from "./helpers/trigger";

let brokers: string;
beforeAll(async () => {
  brokers = await testBrokers();
});
afterAll(stopOwnBroker);

async function newTopic() {
  const topic = uniqueName("orders");
  await createTopic(brokers, topic, 1);
  return { topic, replyTopic: `${topic}.results`, groupId: uniqueName("order-handling") };
}

/** A data process whose executions end when the test says, by record text. */
function heldExecutions() {
  const held = new Map<string, Deferred<FakeOutcome>>();
  const hold = (text: string) => {
    let entry = held.get(text);
    if (!entry) {
      entry = deferred<FakeOutcome>();
      held.set(text, entry);
    }
    return entry;
  };
  const executor = new FakeExecutor((request) => hold(recordText(request)).promise);
  const finish = (text: string) => hold(text).resolve({ status: 200, result: { text } });
  return { executor, finish, finishAll: () => [...held.keys()].forEach(finish) };
}

/** Resolves once `count` executions have started (counting those started already). */
async function started(executor: FakeExecutor, count: number): Promise<string[]> {
  while (executor.requests.length < count) await executor.nextRequest();
  return executor.requests.map(recordText);
}

const records = (texts: string[], key = (text: string) => text) => texts.map((text) => ({ key: key(text), value: text }));

describe("records of one partition side by side", () => {
  it("runs up to maxInFlightPerPartition of a partition's records at once, starting the next as one ends", async () => {
    const { topic, replyTopic, groupId } = await newTopic();
    const { executor, finish, finishAll } = heldExecutions();
    const { trigger } = startTestTrigger(executor, [subscription({ brokers, topic, groupId, replyTopic })], { maxInFlightPerPartition: 3 });
    await trigger.ready;
    const replies = await TopicReader.open(brokers, replyTopic);

    await sendRecords(brokers, topic, records(["r0", "r1", "r2", "r3", "r4"]));
    // Three of one partition running together, none finished: the fourth waits for a free place.
    expect(await started(executor, 3)).toEqual(["r0", "r1", "r2"]);
    finish("r1");
    expect(await started(executor, 4)).toEqual(["r0", "r1", "r2", "r3"]);
    expect((await replies.take(1))[0]!.key).toBe("r1");

    finishAll();
    await started(executor, 5);
    finish("r4");
    expect((await replies.take(5)).map((reply) => reply.key).sort()).toEqual(["r0", "r1", "r2", "r3", "r4"]);
    await expect.poll(() => committedOffset(brokers, groupId, topic), { timeout: 5_000 }).toBe(5);
  });

  it("never commits past a slow early record while later ones finish; a crash then re-delivers it and all after it", async () => {
    const { topic, replyTopic, groupId } = await newTopic();
    const config = subscription({ brokers, topic, groupId, replyTopic });
    const { executor, finish } = heldExecutions();
    const first = startTestTrigger(executor, [config], { maxInFlightPerPartition: 4 });
    await first.trigger.ready;
    const replies = await TopicReader.open(brokers, replyTopic);

    await sendRecords(brokers, topic, records(["slow", "b", "c", "d"]));
    await started(executor, 4);
    for (const text of ["b", "c", "d"]) finish(text);
    expect((await replies.take(3)).map((reply) => reply.key).sort()).toEqual(["b", "c", "d"]);

    // Crash with "slow" still running: every commit made so far has reached the broker once the
    // member has left, and none may be past "slow" (offset 0).
    await first.trigger.abort();
    expect(await committedOffset(brokers, groupId, topic)).toBe(-1);

    const next = new FakeExecutor(acceptJsonRecords);
    startTestTrigger(next, [config]);
    await started(next, 4);
    expect(next.requests.map((request) => request.triggerMetadata?.offset).sort()).toEqual([0, 1, 2, 3]);
    await expect.poll(() => committedOffset(brokers, groupId, topic), { timeout: 5_000 }).toBe(4);
    finish("slow");
  });

  it("commits up to a slow record in the middle, and past it once it finishes", async () => {
    const { topic, replyTopic, groupId } = await newTopic();
    const { executor, finish } = heldExecutions();
    startTestTrigger(executor, [subscription({ brokers, topic, groupId, replyTopic })], { maxInFlightPerPartition: 4 });
    const replies = await TopicReader.open(brokers, replyTopic);

    await sendRecords(brokers, topic, records(["a", "slow", "c", "d"]));
    await started(executor, 4);
    for (const text of ["a", "c", "d"]) finish(text);
    await replies.take(3);
    await expect.poll(() => committedOffset(brokers, groupId, topic), { timeout: 5_000 }).toBe(1);

    finish("slow");
    await replies.take(4);
    await expect.poll(() => committedOffset(brokers, groupId, topic), { timeout: 5_000 }).toBe(4);
  });

  it("runs records with the same key, and records without a key, one after another in their partition", async () => {
    const { topic, replyTopic, groupId } = await newTopic();
    const { executor, finish } = heldExecutions();
    startTestTrigger(executor, [subscription({ brokers, topic, groupId, replyTopic })], { maxInFlightPerPartition: 8 });
    const replies = await TopicReader.open(brokers, replyTopic);

    await sendRecords(brokers, topic, [
      { key: "a", value: "a1" },
      { value: "none1" },
      { key: "a", value: "a2" },
      { key: "b", value: "b1" },
      { value: "none2" },
    ]);
    // The first of each sequence runs; a2 and none2 wait behind theirs.
    expect((await started(executor, 3)).sort()).toEqual(["a1", "b1", "none1"]);
    finish("b1");
    await replies.take(1);
    expect(executor.requests).toHaveLength(3);

    finish("a1");
    expect(await started(executor, 4)).toContain("a2");
    finish("none1");
    expect(await started(executor, 5)).toContain("none2");
    finish("a2");
    finish("none2");
    const order = (await replies.take(5)).map((reply) => JSON.parse(reply.value).result.text as string);
    expect(order.filter((text) => text.startsWith("a"))).toEqual(["a1", "a2"]);
    expect(order.filter((text) => text.startsWith("none"))).toEqual(["none1", "none2"]);
  });
});

describe("partitions side by side", () => {
  it("runs another partition's record while one partition's records fill the queue", async () => {
    const topic = uniqueName("orders");
    await createTopic(brokers, topic, 2);
    const replyTopic = `${topic}.results`;
    const groupId = uniqueName("order-handling");
    // Both partitions' records are in the log before the trigger starts: its first fetch brings all of them.
    const backlog = Array.from({ length: 10 }, (_, index) => ({ key: `p0-${index}`, value: `p0-${index}`, partition: 0 }));
    await sendRecords(brokers, topic, [...backlog, { key: "p1", value: "p1", partition: 1 }]);
    // Partition 0's executions wait for the gate; partition 1's record is answered at once.
    const gate = deferred<FakeOutcome>();
    const executor = new FakeExecutor((request) => (recordText(request) === "p1" ? { status: 200, result: { text: "p1" } } : gate.promise));
    startTestTrigger(executor, [subscription({ brokers, topic, groupId, replyTopic })], { maxQueuedRecords: 4, maxInFlightPerPartition: 2 });
    const replies = await TopicReader.open(brokers, replyTopic);

    // Partition 0 alone holds more records than the queue takes, none finishing: partition 1's record runs all the same.
    expect((await replies.take(1))[0]!.key).toBe("p1");
    expect(executor.requests.map(recordText).filter((text) => text.startsWith("p0"))).toEqual(["p0-0", "p0-1"]);

    gate.resolve({ status: 200, result: {} });
    await replies.take(backlog.length + 1);
    await expect.poll(() => committedOffset(brokers, groupId, topic, 0), { timeout: 5_000 }).toBe(10);
    await expect.poll(() => committedOffset(brokers, groupId, topic, 1), { timeout: 5_000 }).toBe(1);
  });
});

describe("pacing when the executor refuses", () => {
  it("holds the records the executor refuses (ExecutorBusyError) and runs each once as slots free, dropping none", async () => {
    const { topic, replyTopic, groupId } = await newTopic();
    const outcomes = new Map<string, Deferred<FakeOutcome>>();
    const executor = new SlottedExecutor(
      (request) => {
        const outcome = deferred<FakeOutcome>();
        outcomes.set(recordText(request), outcome);
        return outcome.promise;
      },
      { maxRunning: 2 },
    );
    const { trigger, logs } = startTestTrigger(executor, [subscription({ brokers, topic, groupId, replyTopic })], { maxInFlightPerPartition: 6 });
    await trigger.ready;
    const replies = await TopicReader.open(brokers, replyTopic);

    const texts = ["p0", "p1", "p2", "p3", "p4", "p5"];
    await sendRecords(brokers, topic, records(texts));
    await started(executor, 2);
    await logs.next((event) => event.msg === "kafka records wait: the runtime takes no more executions for now");
    expect(executor.requests).toHaveLength(2);

    // Each execution that ends frees the slot the next waiting record takes.
    for (let done = 0; done < texts.length; done += 1) {
      await started(executor, Math.min(done + 2, texts.length));
      outcomes.get(recordText(executor.requests[done]!))!.resolve({ status: 200, result: { text: texts[done] } });
    }
    expect((await replies.take(6)).map((reply) => reply.key).sort()).toEqual(texts);
    expect(executor.requests.map(recordText)).toEqual(texts);
    // Refused starts were tried again only as slots freed, not in a loop; none needed the error backoff.
    expect(executor.refusals).toBeLessThanOrEqual(texts.length);
    expect(logs.events.filter((event) => event.msg === "kafka record: the execution could not run")).toEqual([]);
    await logs.next((event) => event.msg === "kafka records run again: the runtime takes executions");
    await expect.poll(() => committedOffset(brokers, groupId, topic), { timeout: 5_000 }).toBe(6);
  });

  it("waits while other work fills the executor and runs the records once it has room", async () => {
    const { topic, replyTopic, groupId } = await newTopic();
    const executor = new SlottedExecutor(acceptJsonRecords, { maxRunning: 1 });
    // Another trigger's execution holds the only slot.
    const otherWork = await executor.slots.enter();
    const { trigger, logs } = startTestTrigger(executor, [subscription({ brokers, topic, groupId, replyTopic })]);
    await trigger.ready;
    const replies = await TopicReader.open(brokers, replyTopic);

    await sendRecords(brokers, topic, records(['{"n":1}', '{"n":2}'], (text) => `key-${text}`));
    await logs.next((event) => event.msg === "kafka records wait: the runtime takes no more executions for now");
    expect(executor.requests).toHaveLength(0);

    otherWork();
    expect(await replies.take(2)).toHaveLength(2);
    expect(executor.requests).toHaveLength(2);
    await expect.poll(() => committedOffset(brokers, groupId, topic), { timeout: 5_000 }).toBe(2);
  });
});
