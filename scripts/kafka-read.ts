/**
 * `npm run kafka:read -- --topic grafx-orders.results [--count 1] [--timeout-ms 30000] [--brokers host:port]`:
 * prints a topic's records from its beginning, one JSON line each (`{partition, offset, key, value}`),
 * and exits after `--count` records or when the timeout passes.
 */
import { parseArgs } from "node:util";
import { Consumer, type Message } from "@platformatic/kafka";
import { closeConsumer } from "../runtime/triggers/kafka/close-client";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { topic: { type: "string" }, count: { type: "string" }, "timeout-ms": { type: "string", default: "30000" }, brokers: { type: "string" } },
  });
  if (!values.topic) throw new Error("--topic is required");
  const count = values.count === undefined ? Infinity : Number(values.count);
  const timeoutMs = Number(values["timeout-ms"]);
  if (!(count > 0) || !(timeoutMs > 0)) throw new Error("--count and --timeout-ms take positive numbers");
  const brokers = (values.brokers ?? process.env.KAFKA_BROKERS ?? "127.0.0.1:9092").split(",");
  // A throwaway group id: reading must not move the offsets of the trigger's group.
  const consumer = new Consumer({ clientId: "kafka-read", groupId: `kafka-read-${process.pid}-${Date.now()}`, bootstrapBrokers: brokers, autocreateTopics: true, maxWaitTime: 500 });
  try {
    const stream = await consumer.consume({ topics: [values.topic], mode: "earliest", autocommit: false });
    let seen = 0;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, timeoutMs);
      stream.on("error", reject);
      consumer.on("error", reject);
      stream.on("data", (message: Message<Buffer, Buffer, Buffer, Buffer>) => {
        const line = { partition: message.partition, offset: Number(message.offset), key: message.key?.toString("utf8") ?? null, value: message.value?.toString("utf8") ?? null };
        console.log(JSON.stringify(line));
        seen += 1;
        if (seen >= count) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    return 0;
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
