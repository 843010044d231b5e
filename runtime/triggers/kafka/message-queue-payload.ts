import type { Payload } from "@fstnetwork/loc-logic-sdk";
import { stableUuid } from "../api-route/stable-uuid";

/** The parts of a consumed record an execution sees. */
export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: bigint;
  key: Buffer | undefined;
  value: Buffer | undefined;
}

export interface SubscriptionIdentity {
  brokers: string[];
  groupId: string;
}

/**
 * What a record delivers, as LOC's message-queue trigger does: the record's bytes and where it came
 * from. The client identity is derived from the consumer group, so it stays the same across restarts.
 */
export function buildMessageQueuePayload(record: ConsumedRecord, { brokers, groupId }: SubscriptionIdentity): Payload {
  return {
    messageQueue: {
      clientIdentityContext: { id: stableUuid(`kafka-consumer-group:${groupId}`), name: groupId },
      data: record.value ? [...record.value] : [],
      subscriber: {
        kafka: { brokers, groupId, topic: record.topic, partition: record.partition, offset: Number(record.offset) },
      },
    },
  };
}

/** Recorded with the execution: where the record was, and its key (text, or base64 when not UTF-8). */
export function buildTriggerMetadata(record: ConsumedRecord, groupId: string): Record<string, unknown> {
  return { topic: record.topic, partition: record.partition, offset: Number(record.offset), key: describeKey(record.key), groupId };
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function describeKey(key: Buffer | undefined): string | null {
  if (!key) return null;
  try {
    return strictUtf8.decode(key);
  } catch {
    return `base64:${key.toString("base64")}`;
  }
}
