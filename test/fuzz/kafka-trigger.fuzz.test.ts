/**
 * Property-based fuzz of the Kafka trigger: random record values (payloads, malformed JSON, bytes
 * that are not UTF-8, no value at all) and random keys — through the record processor in process
 * (fast), through the real broker, and for a sample through the broker to the real
 * `grafx-order-handling`. Every record must get exactly one reply, keyed like it, that is no 5xx and
 * whose 400 names its path; and every record's offset is committed (no record blocks the partition).
 */
import { Producer } from "@platformatic/kafka";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Executor } from "../../runtime/contract";
import type { KafkaMessage } from "../../runtime/triggers/kafka/consumer-session";
import { ExecutionPacer } from "../../runtime/triggers/kafka/execution-pacer";
import { processRecord } from "../../runtime/triggers/kafka/record-processor";
import { encodeReply, type ExecutionReply } from "../../runtime/triggers/kafka/reply";
import type { ReplyPublisher } from "../../runtime/triggers/kafka/reply-publisher";
import { startLocalLoc, type LocalLoc } from "../e2e/helpers/local-loc";
import { committedOffset, createTopic, TopicReader, uniqueName } from "../kafka/helpers/kafka-clients";
import { stopOwnBroker, testBrokers } from "../kafka/helpers/test-broker";
import { startTestTrigger, subscription } from "../kafka/helpers/trigger";
import { LogRecorder } from "../triggers/helpers/log-recorder";
import { Figures, FUZZ_SEED, fuzzCount, fuzzTimeout } from "./fuzz-run";
import { OrderPayloadExecutor, STAND_IN } from "./order-payload-executor";
import { describeBytes, hostileText, payloadBytes } from "./payload-arbitraries";
import { judgeExecution } from "./verdicts";

const counts = {
  inProcess: fuzzCount(300, 1 / 2),
  broker: fuzzCount(60, 1 / 20),
  real: fuzzCount(10, 1 / 200),
};
const BROKER_BATCH = 10;
/** A batch of records all replied to within this, or the missing ones count as hangs. */
const REPLY_BOUND_MS = 30_000;
const REAL_REPLY_BOUND_MS = 120_000;

interface FuzzRecord {
  key?: Buffer;
  value?: Buffer;
}

const fuzzRecord: fc.Arbitrary<FuzzRecord> = fc.record(
  {
    key: fc.oneof(fc.uint8Array({ maxLength: 32 }), hostileText.map((text) => new TextEncoder().encode(text))).map((bytes) => Buffer.from(bytes)),
    value: payloadBytes({ maxRawBytes: 128 }).map((bytes) => Buffer.from(bytes)),
  },
  { requiredKeys: [] },
);

function describeRecord(record: FuzzRecord): string {
  return `key ${record.key ? describeBytes(record.key, 40) : "none"}, value ${record.value ? describeBytes(record.value) : "none"}`;
}

/** Keys as the reply topic's reader shows them (a record without a key and one with an empty key look alike). */
const keyText = (key: Buffer | string | undefined): string => (typeof key === "string" ? key : (key?.toString("utf8") ?? ""));

function judgeReply(figures: Figures, record: FuzzRecord, replyText: string, replyKey: Buffer | string | undefined): void {
  let reply: ExecutionReply;
  try {
    reply = JSON.parse(replyText) as ExecutionReply;
  } catch {
    figures.input("bad reply");
    figures.fail("bad answer", `the reply is not JSON: ${replyText.slice(0, 200)} ← ${describeRecord(record)}`);
    return;
  }
  figures.input(reply.status);
  if (keyText(replyKey) !== keyText(record.key)) figures.fail("bad answer", `the reply is keyed ${JSON.stringify(keyText(replyKey))} ← ${describeRecord(record)}`);
  const judged = judgeExecution(reply.status, reply.result);
  if (judged.failure) figures.fail(judged.failure, `${judged.detail} ← ${describeRecord(record)}`);
}

function consumedMessage(record: FuzzRecord, offset: bigint): KafkaMessage {
  return {
    topic: "fuzz-orders",
    partition: 0,
    offset,
    // A record without a key or value arrives without one.
    key: record.key as Buffer,
    value: record.value as Buffer,
    headers: new Map(),
    timestamp: BigInt(Date.now()),
    commit: () => {},
  };
}

async function produce(brokers: string, topic: string, records: FuzzRecord[]): Promise<void> {
  const producer = new Producer({ clientId: "fuzz-producer", bootstrapBrokers: [brokers], autocreateTopics: true, idempotent: true });
  try {
    await producer.send({ messages: records.map(({ key, value }) => ({ topic, key, value, partition: 0 })) });
  } finally {
    await producer.close();
  }
}

/**
 * Sends batches of records to partition 0 of a fresh topic and judges the replies as they come back
 * on the reply topic. Records with different keys may be answered in any order: each reply is paired
 * with its record through its execution, which recorded the record's offset.
 */
async function fuzzThroughBroker(
  figures: Figures,
  brokers: string,
  topic: string,
  replies: TopicReader,
  executions: Pick<Executor, "getExecution">,
  count: number,
  boundMs: number,
): Promise<number> {
  let sent = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(fuzzRecord, { minLength: BROKER_BATCH, maxLength: BROKER_BATCH }), async (records) => {
      await produce(brokers, topic, records);
      const from = sent;
      sent += records.length;
      let timer: NodeJS.Timeout | undefined;
      const answered = await Promise.race([
        replies.take(sent).then(() => true),
        new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), boundMs))),
      ]).finally(() => clearTimeout(timer));
      const replyAt = new Map<number, (typeof replies.received)[number]>();
      for (const reply of replies.received.slice(from, sent)) {
        const offset = await offsetOfReply(executions, reply.value);
        if (offset === undefined || offset < from || offset >= sent || replyAt.has(offset)) {
          figures.input("bad reply");
          figures.fail("bad answer", `a reply that belongs to no record of this batch (offset ${offset}): ${reply.value.slice(0, 200)}`);
        } else replyAt.set(offset, reply);
      }
      records.forEach((record, index) => {
        const reply = replyAt.get(from + index);
        if (reply) judgeReply(figures, record, reply.value, reply.key);
        else {
          figures.input("hang");
          figures.fail("hang", `no reply within ${boundMs} ms${answered ? "" : " (batch)"} ← ${describeRecord(record)}`);
        }
      });
    }),
    { numRuns: Math.ceil(count / BROKER_BATCH), seed: FUZZ_SEED, endOnFailure: true },
  );
  return sent;
}

/** The offset of the record a reply answers, from the execution it names. */
async function offsetOfReply(executions: Pick<Executor, "getExecution">, replyText: string): Promise<number | undefined> {
  try {
    const { executionId } = JSON.parse(replyText) as { executionId?: unknown };
    if (typeof executionId !== "string") return undefined;
    const offset = (await executions.getExecution(executionId))?.triggerMetadata.offset;
    return typeof offset === "number" ? offset : undefined;
  } catch {
    return undefined;
  }
}

let brokers: string;
beforeAll(async () => {
  brokers = await testBrokers();
});
afterAll(async () => {
  await stopOwnBroker();
});

describe("fuzz: the Kafka trigger", () => {
  it(`processes ${counts.inProcess} random records in process: one reply each, keyed like it, no 5xx, every 400 naming its path`, { timeout: fuzzTimeout(counts.inProcess, 20) }, async () => {
    const figures = new Figures("kafka trigger, record processor (stand-in data process)");
    const executor = new OrderPayloadExecutor();
    const logs = new LogRecorder();
    let offset = 0n;
    await fc.assert(
      fc.asyncProperty(fuzzRecord, async (record) => {
        const published: Array<{ key: Buffer | undefined; reply: ExecutionReply }> = [];
        const replies: ReplyPublisher = { publish: async (key, reply) => void published.push({ key, reply }), close: async () => {} };
        const message = consumedMessage(record, offset++);
        const outcome = await processRecord(message, {
          pacer: new ExecutionPacer(executor),
          subscription: {
            where: "triggers.kafka[0]",
            brokers: ["127.0.0.1:9"],
            topic: message.topic,
            groupId: "fuzz",
            dataProcesses: [STAND_IN],
            replyTopic: "fuzz-orders.results",
            enabled: true,
            maxInFlightPerPartition: 1,
          },
          replies,
          log: logs.log,
          backoff: { initialMs: 1, maxMs: 10, factor: 2 },
          signal: new AbortController().signal,
        });
        if (outcome !== "processed" || published.length !== 1) {
          figures.input("not processed");
          figures.fail("crash", `outcome ${outcome}, ${published.length} replies ← ${describeRecord(record)}`);
          return;
        }
        judgeReply(figures, record, encodeReply(published[0]!.reply).toString("utf8"), published[0]!.key);
      }),
      { numRuns: counts.inProcess, seed: FUZZ_SEED, endOnFailure: true },
    );
    const failedRuns = logs.events.filter((event) => event.level !== "info");
    if (failedRuns.length > 0) figures.fail("crash", `the trigger logged failures: ${JSON.stringify(failedRuns.slice(0, 3))}`);
    figures.report();
    expect(figures.examples).toEqual([]);
  });

  it(`answers ${counts.broker} random records through the broker: one reply each, every offset committed`, { timeout: fuzzTimeout(counts.broker, 500) }, async () => {
    const figures = new Figures("kafka trigger, real broker (stand-in data process)");
    const topic = uniqueName("fuzz-orders");
    const replyTopic = `${topic}.results`;
    const groupId = uniqueName("fuzz-group");
    await createTopic(brokers, topic);
    const executor = new OrderPayloadExecutor();
    const { trigger, logs } = startTestTrigger(executor, [subscription({ brokers, topic, groupId, replyTopic, dataProcesses: [STAND_IN] })]);
    await trigger.ready;
    const replies = await TopicReader.open(brokers, replyTopic);

    const sent = await fuzzThroughBroker(figures, brokers, topic, replies, executor, counts.broker, REPLY_BOUND_MS);

    await expect.poll(() => committedOffset(brokers, groupId, topic), { timeout: 10_000 }).toBe(sent);
    const failures = logs.events.filter((event) => event.level === "error");
    if (failures.length > 0) figures.fail("crash", `the trigger logged errors: ${JSON.stringify(failures.slice(0, 3))}`);
    figures.report();
    expect(figures.examples).toEqual([]);
  });

  describe("with the real grafx-order-handling", () => {
    let loc: LocalLoc;
    const kafka = { topic: uniqueName("fuzz-real-orders"), groupId: uniqueName("fuzz-real-group") };
    beforeAll(async () => {
      await createTopic(brokers, kafka.topic);
      loc = await startLocalLoc({ kafka: { ...kafka, brokers, replyTopic: `${kafka.topic}.results` } });
    });
    afterAll(() => loc?.close());

    it(`answers a sample of ${counts.real} random records with no 5xx, every 400 naming its path`, { timeout: fuzzTimeout(counts.real, 5_000) }, async () => {
      const figures = new Figures("kafka trigger, real broker (grafx-order-handling on the simulator)");
      const replies = await TopicReader.open(brokers, `${kafka.topic}.results`);

      const sent = await fuzzThroughBroker(figures, brokers, kafka.topic, replies, loc.loc.runtime, counts.real, REAL_REPLY_BOUND_MS);

      await expect.poll(() => committedOffset(brokers, kafka.groupId, kafka.topic), { timeout: 10_000 }).toBe(sent);
      figures.report();
      expect(figures.examples).toEqual([]);
    });
  });
});
