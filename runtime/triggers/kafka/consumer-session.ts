import { Consumer, type Message, type MessagesStream } from "@platformatic/kafka";
import { closeConsumer } from "./close-client";
import type { SubscriptionSettings } from "./settings";

export type KafkaMessage = Message<Buffer, Buffer, Buffer, Buffer>;

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
  /** Commits the offset after `message` (so the group resumes after it). */
  commit(message: KafkaMessage): Promise<void>;
  /** Stops fetching (the records already handed out stay valid). */
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
    // Few quick retries inside the client: the subscription's own backoff takes over after them.
    retries: 3,
    retryDelay: 250,
    connectTimeout: 3_000,
  });
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
    stream = await consumer.consume({ topics: [subscription.topic], mode: "committed", fallbackMode: "earliest", autocommit: false });
  } catch (error) {
    closing = true;
    await closeConsumer(consumer);
    throw error;
  }

  const isAssigned = (partition: number) =>
    consumer.assignments?.some((assignment) => assignment.topic === subscription.topic && assignment.partitions.includes(partition)) ?? false;
  const session: ConsumerSession = {
    lost,
    isAssigned,
    assignedPartitions: () => consumer.assignments?.find((assignment) => assignment.topic === subscription.topic)?.partitions ?? [],
    commit: async (message) => {
      await message.commit();
    },
    pause: () => void stream.pause(),
    resume: () => void stream.resume(),
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
