import { Consumer, type Message, type MessagesStream } from "@platformatic/kafka";
import { closeConsumer } from "./close-client";
import { resumeFromStandardCommits } from "./committed-offsets";
import { shareFetchBytes } from "./fair-fetch";
import { withDeadline } from "./request-deadline";
import type { SubscriptionSettings } from "./settings";

export type KafkaMessage = Message<Buffer, Buffer, Buffer, Buffer>;

/**
 * The most one fetch brings, all partitions together (each gets its share): what may arrive after
 * the trigger paused fetching, on top of its bound on queued records.
 */
const FETCH_MAX_BYTES = 1024 * 1024;

export interface ConsumerSessionOptions {
  clientId: string;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  /** How long a fetch waits on the broker for new records (also bounds how fast a close is noticed). */
  maxWaitTimeMs: number;
}

/**
 * One connection of a subscription's consumer group member: a consumer that has joined the group
 * and a stream of the topic's records from the group's committed offsets (the earliest record when
 * the group has none, so records sent before the first start are not skipped). Commits are manual.
 */
export interface ConsumerSession {
  /** Settles with the reason when the stream or the group membership fails, or ends unasked. */
  readonly lost: Promise<Error>;
  /** Whether the group still assigns this partition of the topic to this member. */
  isAssigned(partition: number): boolean;
  assignedPartitions(): number[];
  /**
   * Commits `offset` on `partition`: the group resumes there (Kafka's convention — the next record
   * to read, so every record below it must be done).
   */
  commit(partition: number, offset: bigint): Promise<void>;
  /** Stops fetching; records already fetched are still handed out (so no partition waits behind another's). */
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function openConsumerSession(
  subscription: SubscriptionSettings,
  options: ConsumerSessionOptions,
  onMessage: (message: KafkaMessage, session: ConsumerSession) => void,
): Promise<ConsumerSession> {
  const consumer = new Consumer({
    clientId: options.clientId,
    groupId: subscription.groupId,
    bootstrapBrokers: subscription.brokers,
    autocreateTopics: true,
    autocommit: false,
    sessionTimeout: options.sessionTimeoutMs,
    heartbeatInterval: options.heartbeatIntervalMs,
    rebalanceTimeout: options.sessionTimeoutMs,
    maxWaitTime: options.maxWaitTimeMs,
    maxBytes: FETCH_MAX_BYTES,
    // Few quick retries inside the client: the subscription's own backoff takes over after them.
    retries: 3,
    retryDelay: 250,
    connectTimeout: 3_000,
  });
  resumeFromStandardCommits(consumer);
  shareFetchBytes(consumer);
  let closing = false;
  let reportLost!: (error: Error) => void;
  const lost = new Promise<Error>((resolve) => {
    reportLost = (error) => {
      if (!closing) resolve(error);
    };
  });
  // The client emits "error" when it cannot rejoin the group; unheard, that would end the process.
  consumer.on("error", (error: Error) => reportLost(error));

  let stream: MessagesStream<Buffer, Buffer, Buffer, Buffer>;
  try {
    stream = await consumer.consume({ topics: [subscription.topic], mode: "committed", fallbackMode: "earliest", autocommit: false, maxBytes: FETCH_MAX_BYTES });
  } catch (error) {
    closing = true;
    await closeConsumer(consumer);
    throw error;
  }

  // A paused stream neither fetches nor emits; the records it holds (the rest of a fetch response,
  // or one answered after the pause) are read out here — a read emits "data" and, paused, does not
  // fetch. Left in the stream, they would hold back the other partitions' records behind them.
  let fetchingPaused = false;
  const handOutFetched = () => {
    while (fetchingPaused && stream.readableLength > 0 && stream.read() !== null);
  };
  stream.on("fetch", () => setImmediate(handOutFetched));

  const isAssigned = (partition: number) =>
    consumer.assignments?.some((assignment) => assignment.topic === subscription.topic && assignment.partitions.includes(partition)) ?? false;
  const session: ConsumerSession = {
    lost,
    isAssigned,
    assignedPartitions: () => consumer.assignments?.find((assignment) => assignment.topic === subscription.topic)?.partitions ?? [],
    commit: async (partition, offset) => {
      // The leader epoch lets a later reader detect a truncated log; the metadata is cached.
      const metadata = await withDeadline(consumer.metadata({ topics: [subscription.topic] }), "reading the topic's metadata");
      const leaderEpoch = metadata.topics.get(subscription.topic)?.partitions[partition]?.leaderEpoch ?? -1;
      await withDeadline(consumer.commit({ offsets: [{ topic: subscription.topic, partition, offset, leaderEpoch }] }), "committing the offset");
    },
    pause: () => {
      fetchingPaused = true;
      stream.pause();
      setImmediate(handOutFetched);
    },
    resume: () => {
      fetchingPaused = false;
      stream.resume();
      // The client's stream fetches from its `_read` hook, and while paused that hook returns without
      // pushing anything. A read while paused (handOutFetched) therefore left Node's stream waiting
      // for a push that never came, and it never called `_read` again: after a pause, records sent
      // once the topic was drained were never fetched. Ask once more; a fetch already in flight to a
      // broker makes this a no-op for that broker.
      (stream as unknown as { _read(size: number): void })._read(0);
    },
    async close() {
      closing = true;
      await stream.close().catch(() => {});
      await closeConsumer(consumer);
    },
  };
  stream.on("error", (error: Error) => reportLost(error));
  stream.on("close", () => reportLost(new Error("the consumer stream ended")));
  stream.on("data", (message: KafkaMessage) => onMessage(message, session));
  return session;
}
