import { randomUUID } from "node:crypto";
import { Admin, Consumer, Producer, type Message } from "@platformatic/kafka";
import { onTestFinished } from "vitest";
import { closeConsumer } from "../../../runtime/triggers/kafka/close-client";

/** Topic and group names unique to one test, so tests never see each other's records. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export async function createTopic(brokers: string, topic: string, partitions = 1): Promise<void> {
  const admin = new Admin({ clientId: "test-admin", bootstrapBrokers: [brokers] });
  try {
    await admin.createTopics({ topics: [topic], partitions, replicas: 1 });
  } finally {
    await admin.close();
  }
}

export interface RecordToSend {
  key?: string;
  value: string | Buffer;
  partition?: number;
}

/**
 * Idempotent: one produce request carries every partition's records, and when one partition's leader
 * is not known yet (a topic just created) the client retries the whole request — without producer
 * sequence numbers the broker would keep the partitions that had succeeded twice.
 */
export async function sendRecords(brokers: string, topic: string, records: RecordToSend[]): Promise<void> {
  const producer = new Producer({ clientId: "test-producer", bootstrapBrokers: [brokers], autocreateTopics: true, idempotent: true });
  try {
    await producer.send({
      messages: records.map(({ key, value, partition }) => ({
        topic,
        key: key === undefined ? undefined : Buffer.from(key),
        value: typeof value === "string" ? Buffer.from(value) : value,
        partition,
      })),
    });
  } finally {
    await producer.close();
  }
}

/**
 * The offset a consumer group will resume from on a partition, as the broker keeps it (-1 when it
 * never committed). Read with OffsetFetch through a consumer of the group that never joins it, so
 * the group's members are not disturbed.
 */
export async function committedOffset(brokers: string, groupId: string, topic: string, partition = 0): Promise<number> {
  const reader = new Consumer({ clientId: "test-offsets", groupId, bootstrapBrokers: [brokers] });
  try {
    const offsets = await reader.listCommittedOffsets({ topics: [{ topic, partitions: [partition] }] });
    return Number(offsets.get(topic)?.[partition] ?? -1n);
  } finally {
    await reader.close();
  }
}

export interface ReceivedRecord {
  key: string | undefined;
  value: string;
  partition: number;
  offset: number;
}

/** Reads a topic from its start (the reply topic, in these tests); closed when the test ends. */
export class TopicReader {
  readonly received: ReceivedRecord[] = [];
  private waiters: Array<() => void> = [];

  private constructor(private readonly consumer: Consumer<Buffer, Buffer, Buffer, Buffer>) {}

  static async open(brokers: string, topic: string): Promise<TopicReader> {
    const consumer = new Consumer({ clientId: "test-reader", groupId: uniqueName("reader"), bootstrapBrokers: [brokers], autocreateTopics: true, maxWaitTime: 200 });
    const reader = new TopicReader(consumer);
    // The client emits "error" when it cannot rejoin its group (a broker stopped by the test first).
    consumer.on("error", () => {});
    onTestFinished(() => closeConsumer(consumer));
    const stream = await consumer.consume({ topics: [topic], mode: "earliest", autocommit: false });
    stream.on("data", (message: Message<Buffer, Buffer, Buffer, Buffer>) => {
      reader.received.push({ key: message.key?.toString("utf8"), value: message.value?.toString("utf8") ?? "", partition: message.partition, offset: Number(message.offset) });
      for (const wake of reader.waiters.splice(0)) wake();
    });
    stream.on("error", () => {});
    return reader;
  }

  /** Resolves with the first `count` records once that many arrived. */
  async take(count: number): Promise<ReceivedRecord[]> {
    while (this.received.length < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.received.slice(0, count);
  }
}
