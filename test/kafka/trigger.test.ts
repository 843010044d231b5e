import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deferred } from "../triggers/helpers/deferred";
import { FakeExecutor, type FakeOutcome } from "../triggers/helpers/fake-executor";
import { committedOffset, createTopic, sendRecords, TopicReader, uniqueName } from "./helpers/kafka-clients";
import { acceptJsonRecords, recordText } from "./helpers/record-executor";
import { stopOwnBroker, testBrokers } from "./helpers/test-broker";
import { startTestTrigger, subscription } from "./helpers/trigger";

let brokers: string;
beforeAll(async () => {
  brokers = await testBrokers();
});
afterAll(stopOwnBroker);

async function newTopic(partitions = 1) {
  const topic = uniqueName("orders");
  await createTopic(brokers, topic, partitions);
  return { topic, replyTopic: `${topic}.results`, groupId: uniqueName("order-handling") };
}

describe("kafka trigger on a real broker", () => {
  it("runs one execution per record and publishes its result to the reply topic, keyed like the record", async () => {
    const { topic, replyTopic, groupId } = await newTopic();
    const executor = new FakeExecutor(acceptJsonRecords);
    const { trigger } = startTestTrigger(executor, [subscription({ brokers, topic, groupId, replyTopic })]);
    await trigger.ready;
    const replies = await TopicReader.open(brokers, replyTopic);

    await sendRecords(brokers, topic, [{ key: "order-1", value: '{"id":1}' }]);

    const [reply] = await replies.take(1);
    expect(reply!.key).toBe("order-1");
    const body = JSON.parse(reply!.value);
    expect(body).toEqual({ executionId: expect.any(String), status: 200, result: { accepted: { id: 1 } } });
    expect(await executor.getExecution(body.executionId)).toMatchObject({ triggerType: "MessageQueue", status: 200 });

    const [request] = executor.requests;
    expect(request).toMatchObject({ dataProcesses: ["orders"], triggerType: "MessageQueue" });
    expect(request!.payload).toEqual({
      messageQueue: {
        clientIdentityContext: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: groupId },
        data: [...Buffer.from('{"id":1}')],
        subscriber: { kafka: { brokers: [brokers], groupId, topic, partition: 0, offset: 0 } },
      },
    });
    expect(request!.triggerMetadata).toEqual({ topic, partition: 0, offset: 0, key: "order-1", groupId });
    await expect.poll(() => committedOffset(brokers, groupId, topic), { timeout: 5_000 }).toBe(1);
  });

  it("publishes a bad record's 400 result, commits it, and goes on with the next record", async () => {
    const { topic, replyTopic, groupId } = await newTopic();
    const executor = new FakeExecutor(acceptJsonRecords);
    const { trigger } = startTestTrigger(executor, [subscription({ brokers, topic, groupId, replyTopic })]);
    await trigger.ready;
    const replies = await TopicReader.open(brokers, replyTopic);

    await sendRecords(brokers, topic, [
      { key: "bad", value: "{not json" },
      { key: "good", value: '{"id":2}' },
    ]);

    // Different keys: the two run side by side, and either reply may come first.
    const received = await replies.take(2);
    const byKey = new Map(received.map((reply) => [reply.key, JSON.parse(reply.value)]));
    expect(byKey.get("bad")).toMatchObject({ status: 400, result: { error: "the record is not JSON" } });
    expect(byKey.get("good")).toMatchObject({ status: 200 });
    await expect.poll(() => committedOffset(brokers, groupId, topic), { timeout: 5_000 }).toBe(2);
  });

  it("delivers a record again to the group's next consumer when the first one dies mid-execution", async () => {
    const { topic, replyTopic, groupId } = await newTopic();
    const config = subscription({ brokers, topic, groupId, replyTopic });
    const stuck = deferred<FakeOutcome>();
    const crashing = new FakeExecutor(() => stuck.promise);
    let lateExecution: Promise<unknown> | undefined;
    const start = crashing.start.bind(crashing);
    crashing.start = (request) => {
      const started = start(request);
      lateExecution = started.done;
      return started;
    };
    const first = startTestTrigger(crashing, [config]);
    await first.trigger.ready;
    const started = crashing.nextRequest();
    await sendRecords(brokers, topic, [{ key: "order-7", value: '{"id":7}' }]);
    await started;

    await first.trigger.abort();
    expect(await committedOffset(brokers, groupId, topic)).toBe(-1);

    const executor = new FakeExecutor(acceptJsonRecords);
    const redelivered = executor.nextRequest();
    startTestTrigger(executor, [config]);
    expect((await redelivered).triggerMetadata).toMatchObject({ offset: 0, key: "order-7" });
    const replies = await TopicReader.open(brokers, replyTopic);
    const [reply] = await replies.take(1);
    expect(JSON.parse(reply!.value)).toMatchObject({ status: 200, result: { accepted: { id: 7 } } });
    await expect.poll(() => committedOffset(brokers, groupId, topic), { timeout: 5_000 }).toBe(1);

    // The dead consumer's execution ends only now: it must publish nothing, only the next record's reply follows.
    stuck.resolve({ status: 200, result: { late: true } });
    await lateExecution;
    await sendRecords(brokers, topic, [{ key: "order-8", value: '{"id":8}' }]);
    const all = await replies.take(2);
    expect(all.map((entry) => entry.key)).toEqual(["order-7", "order-8"]);
  });

  it("lets a running execution finish, publish and commit when stopped, and takes no new record", async () => {
    const { topic, replyTopic, groupId } = await newTopic();
    const running = deferred<FakeOutcome>();
    const executor = new FakeExecutor(() => running.promise);
    const { trigger } = startTestTrigger(executor, [subscription({ brokers, topic, groupId, replyTopic })]);
    await trigger.ready;
    const started = executor.nextRequest();
    await sendRecords(brokers, topic, [{ key: "order-3", value: '{"id":3}' }]);
    await started;

    const stopped = trigger.stop();
    await sendRecords(brokers, topic, [{ key: "order-4", value: '{"id":4}' }]);
    running.resolve({ status: 200, result: { done: 3 } });
    await stopped;

    expect(executor.requests).toHaveLength(1);
    expect(await committedOffset(brokers, groupId, topic)).toBe(1);
    const [reply] = await (await TopicReader.open(brokers, replyTopic)).take(1);
    expect(JSON.parse(reply!.value)).toMatchObject({ result: { done: 3 } });
  });

  it("keeps records with the same key in order while another partition's records go ahead", async () => {
    const { topic, replyTopic, groupId } = await newTopic(2);
    const slow = deferred<FakeOutcome>();
    const executor = new FakeExecutor((request) => (recordText(request) === "slow" ? slow.promise : { status: 200, result: { text: recordText(request) } }));
    const { trigger } = startTestTrigger(executor, [subscription({ brokers, topic, groupId, replyTopic })]);
    await trigger.ready;
    const replies = await TopicReader.open(brokers, replyTopic);
    const slowStarted = executor.nextRequest();

    await sendRecords(brokers, topic, [
      { key: "a", value: "slow", partition: 0 },
      { key: "a", value: "after-slow", partition: 0 },
      { key: "b", value: "other", partition: 1 },
    ]);
    await slowStarted;

    const [first] = await replies.take(1);
    expect(first!.key).toBe("b");
    expect(executor.requests.map(recordText)).not.toContain("after-slow");

    slow.resolve({ status: 200, result: { text: "slow" } });
    const all = await replies.take(3);
    expect(all.map((reply) => JSON.parse(reply.value).result.text)).toEqual(["other", "slow", "after-slow"]);
  });
});
