import { ProduceAcks, Producer } from "@platformatic/kafka";
import { encodeReply, type ExecutionReply } from "./reply";
import { withDeadline } from "./request-deadline";

/** Publishes execution results to a subscription's reply topic. */
export interface ReplyPublisher {
  /** Resolves once the broker has the reply (all in-sync replicas); rejects when it cannot. */
  publish(key: Buffer | undefined, reply: ExecutionReply): Promise<void>;
  close(): Promise<void>;
}

interface Waiting {
  message: { topic: string; key: Buffer | undefined; value: Buffer };
  resolve(): void;
  reject(error: unknown): void;
}

/** At most this many replies in one produce request (each is a small JSON document). */
const MAX_BATCH = 256;

/**
 * One produce request in flight at a time: replies finished while it is out go together in the
 * next one. Each produce request costs the broker and this process a fixed amount of work, so under
 * load this sends several replies for the price of one, and alone a reply leaves at once (no linger).
 * Replies keep their order (a key's replies are published one after another by the trigger anyway).
 */
export function createReplyPublisher(brokers: string[], topic: string, clientId: string): ReplyPublisher {
  const producer = new Producer({
    clientId,
    bootstrapBrokers: brokers,
    autocreateTopics: true,
    acks: ProduceAcks.ALL,
    retries: 3,
    retryDelay: 250,
    connectTimeout: 3_000,
  });
  const queue: Waiting[] = [];
  let sending = false;

  async function sendQueued(): Promise<void> {
    sending = true;
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      try {
        await withDeadline(producer.send({ messages: batch.map((waiting) => waiting.message) }), "publishing the result");
        for (const waiting of batch) waiting.resolve();
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    sending = false;
  }

  return {
    publish(key, reply) {
      // The request's own key bytes, so a reader pairs request and reply (and keeps per-key order).
      const message = { topic, key, value: encodeReply(reply) };
      return new Promise<void>((resolve, reject) => {
        queue.push({ message, resolve, reject });
        if (!sending) void sendQueued();
      });
    },
    async close() {
      await producer.close().catch(() => {});
    },
  };
}
