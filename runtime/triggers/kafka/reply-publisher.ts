import { ProduceAcks, Producer } from "@platformatic/kafka";
import { encodeReply, type ExecutionReply } from "./reply";
import { withDeadline } from "./request-deadline";

/** Publishes execution results to a subscription's reply topic. */
export interface ReplyPublisher {
  /** Resolves once the broker has the reply (all in-sync replicas); rejects when it cannot. */
  publish(key: Buffer | undefined, reply: ExecutionReply): Promise<void>;
  close(): Promise<void>;
}

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
  return {
    async publish(key, reply) {
      // The request's own key bytes, so a reader pairs request and reply (and keeps per-key order).
      await withDeadline(producer.send({ messages: [{ topic, key, value: encodeReply(reply) }] }), "publishing the result");
    },
    async close() {
      await producer.close().catch(() => {});
    },
  };
}
