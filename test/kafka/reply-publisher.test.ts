import { tracingChannel } from "node:diagnostics_channel";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { createReplyPublisher } from "../../runtime/triggers/kafka/reply-publisher";
import { createTopic, TopicReader, uniqueName } from "./helpers/kafka-clients";
import { stopOwnBroker, testBrokers } from "./helpers/test-broker";

let brokers: string;
beforeAll(async () => {
  brokers = await testBrokers();
});
afterAll(stopOwnBroker);

/** Counts the produce requests the client starts (its `producer:sends` tracing channel). */
function countSends(): { readonly count: number } {
  const counter = { count: 0 };
  const handlers = { start: () => void counter.count++, end() {}, asyncStart() {}, asyncEnd() {}, error() {} };
  const channel = tracingChannel("plt:kafka:producer:sends");
  channel.subscribe(handlers);
  onTestFinished(() => channel.unsubscribe(handlers));
  return counter;
}

/** A publisher to a fresh topic, and a reader of that topic from its start. */
async function publisherAndReader() {
  const topic = uniqueName("replies");
  await createTopic(brokers, topic);
  const publisher = createReplyPublisher([brokers], topic, uniqueName("publisher"));
  onTestFinished(() => publisher.close());
  return { publisher, reader: await TopicReader.open(brokers, topic) };
}

describe("reply publisher on a real broker", () => {
  it("sends replies that finish while a produce request is out together in the next one, in order", async () => {
    const { publisher, reader } = await publisherAndReader();
    const sends = countSends();

    const published = Array.from({ length: 40 }, (_, index) =>
      publisher.publish(Buffer.from(`order-${index}`), { executionId: `e-${index}`, status: 200, result: { index } }),
    );
    await Promise.all(published);

    // The first reply leaves alone at once; the 39 queued behind it share the next request.
    expect(sends.count).toBe(2);
    const received = await reader.take(40);
    expect(received.map((record) => record.key)).toEqual(Array.from({ length: 40 }, (_, index) => `order-${index}`));
    expect(JSON.parse(received[39]!.value)).toEqual({ executionId: "e-39", status: 200, result: { index: 39 } });
  });

  it("rejects a reply the broker does not take and still publishes the ones queued behind it", async () => {
    const { publisher, reader } = await publisherAndReader();
    // Larger than the broker's default message.max.bytes (1 MiB): refused.
    const huge = { executionId: "e-huge", status: 200, result: { text: "x".repeat(2 * 1024 * 1024) } };
    const refused = publisher.publish(Buffer.from("too-large"), huge);
    const queued = publisher.publish(Buffer.from("fine"), { executionId: "e-1", status: 200, result: {} });
    await expect(refused).rejects.toThrow();
    await expect(queued).resolves.toBeUndefined();
    const [record] = await reader.take(1);
    expect(record!.key).toBe("fine");
  });
});
