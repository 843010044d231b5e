/**
 * Fetching paused when more records wait than `maxQueuedRecords`, and resumed as they finish: on a
 * real broker, every record of a burst larger than the bound is answered, and so are the records
 * sent after it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeExecutor } from "../triggers/helpers/fake-executor";
import { createTopic, sendRecords, TopicReader, uniqueName } from "./helpers/kafka-clients";
import { acceptJsonRecords } from "./helpers/record-executor";
import { stopOwnBroker, testBrokers } from "./helpers/test-broker";
import { startTestTrigger, subscription } from "./helpers/trigger";

let brokers: string;
beforeAll(async () => {
  brokers = await testBrokers();
});
afterAll(stopOwnBroker);

const batch = (from: number, count: number) => Array.from({ length: count }, (_, index) => ({ key: `k${from + index}`, value: JSON.stringify({ n: from + index }) }));

describe("a burst larger than maxQueuedRecords", () => {
  it("answers every record of the burst and every record sent after it", async () => {
    const topic = uniqueName("orders");
    await createTopic(brokers, topic, 2);
    const executor = new FakeExecutor(acceptJsonRecords);
    const { trigger } = startTestTrigger(executor, [subscription({ brokers, topic, groupId: uniqueName("group"), replyTopic: `${topic}.results` })], {
      maxQueuedRecords: 8,
    });
    await trigger.ready;
    const replies = await TopicReader.open(brokers, `${topic}.results`);

    await sendRecords(brokers, topic, batch(0, 60));
    expect(await replies.take(60)).toHaveLength(60);

    await sendRecords(brokers, topic, batch(60, 20));
    const all = await replies.take(80);
    expect(new Set(all.map((reply) => reply.key)).size).toBe(80);
  });
});
