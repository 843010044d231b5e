/**
 * `npm run kafka:read`: waits for new records on a topic and prints each, one JSON line
 * (`{partition, offset, key, value}`, the value parsed when it is JSON). Exits 0 once `--count`
 * records came, 1 with a message naming how many did when the timeout passed first.
 */
import { parseArgs } from "node:util";
import { Consumer, type Message } from "@platformatic/kafka";
import { closeConsumer } from "../runtime/triggers/kafka/close-client";
import { exitOnHelp } from "./kafka/help";
import { recordValue, shortfallMessage } from "./kafka/record-value";

const USAGE = `
Usage: npm run kafka:read -- --topic <topic> [--count N] [--timeout-ms MS] [--from-beginning] [--brokers host:port,…]

Waits for --count new records (default 1) on the topic, from its newest offset, and prints each as
one JSON line: {"partition", "offset", "key", "value"}; the value is the JSON the record holds, else
its text as a JSON string. --from-beginning reads the topic from its first record instead.
Exits 0 once N records came; 1 when --timeout-ms (default 30000) passed first, saying how many did.
Brokers default to KAFKA_BROKERS, else 127.0.0.1:9092.

Example (send a batch in another terminal, then see its result):
  npm run kafka:read -- --topic grafx-orders.results --count 1 --timeout-ms 60000
`;

function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a whole number above 0, got "${text}"`);
  return value;
}

async function main(): Promise<number> {
  exitOnHelp(USAGE);
  const { values } = parseArgs({
    options: {
      topic: { type: "string" },
      count: { type: "string", default: "1" },
      "timeout-ms": { type: "string", default: "30000" },
      "from-beginning": { type: "boolean", default: false },
      brokers: { type: "string" },
    },
  });
  const topic = values.topic;
  if (!topic) throw new Error("--topic is required (npm run kafka:read -- --help)");
  const count = positive("count", values.count);
  const timeoutMs = positive("timeout-ms", values["timeout-ms"]);
  const brokers = (values.brokers ?? process.env.KAFKA_BROKERS ?? "127.0.0.1:9092").split(",");
  // A throwaway group id: reading must not move the offsets of the trigger's group.
  const consumer = new Consumer({ clientId: "kafka-read", groupId: `kafka-read-${process.pid}-${Date.now()}`, bootstrapBrokers: brokers, autocreateTopics: true, maxWaitTime: 500 });
  try {
    // The end offsets are taken before consuming and read from: a record sent once "waiting" is
    // printed is never missed, however long joining the group takes.
    const startAt = values["from-beginning"] ? [] : ((await consumer.listOffsets({ topics: [topic] })).get(topic) ?? []);
    const stream = await consumer.consume(
      values["from-beginning"]
        ? { topics: [topic], autocommit: false, mode: "earliest" }
        : { topics: [topic], autocommit: false, mode: "manual", offsets: startAt.map((offset, partition) => ({ topic, partition, offset })) },
    );
    console.error(`waiting for ${count} ${values["from-beginning"] ? "" : "new "}record${count === 1 ? "" : "s"} on ${topic} (up to ${timeoutMs} ms)`);
    let seen = 0;
    const complete = await new Promise<boolean>((resolve, reject) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      stream.on("error", reject);
      consumer.on("error", reject);
      stream.on("data", (message: Message<Buffer, Buffer, Buffer, Buffer>) => {
        if (seen >= count || message.offset < (startAt[message.partition] ?? 0n)) return;
        const line = { partition: message.partition, offset: Number(message.offset), key: message.key?.toString("utf8") ?? null, value: recordValue(message.value) };
        console.log(JSON.stringify(line));
        seen += 1;
        if (seen >= count) {
          clearTimeout(timer);
          resolve(true);
        }
      });
    });
    if (complete) return 0;
    console.error(`kafka:read: ${shortfallMessage(topic, count, seen, timeoutMs)}`);
    return 1;
  } finally {
    await closeConsumer(consumer);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`kafka:read failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
