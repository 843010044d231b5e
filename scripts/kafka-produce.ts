/**
 * `npm run kafka:produce -- --topic grafx-orders [--key order-1] [--value '{…}'] [--brokers host:port]`:
 * sends one record (the value from --value, else from standard input) and prints where it landed.
 * Brokers default to KAFKA_BROKERS, else 127.0.0.1:9092.
 */
import { text } from "node:stream/consumers";
import { parseArgs } from "node:util";
import { ProduceAcks, Producer } from "@platformatic/kafka";
import { exitOnHelp } from "./kafka/help";

const USAGE = `
Usage: npm run kafka:produce -- --topic <topic> [--key KEY] [--value TEXT] [--brokers host:port,…]

Sends one record — the value from --value, else standard input — and prints where it landed.
Brokers default to KAFKA_BROKERS, else 127.0.0.1:9092.

Example:
  npm run kafka:produce -- --topic grafx-orders --key flyer-001 --value '{"orders":[{"taskId":"3f74e586-2494-43fb-87ed-8697a629aa02"}]}'
`;

async function main(): Promise<number> {
  exitOnHelp(USAGE);
  const { values } = parseArgs({ options: { topic: { type: "string" }, key: { type: "string" }, value: { type: "string" }, brokers: { type: "string" } } });
  if (!values.topic) throw new Error("--topic is required");
  const brokers = (values.brokers ?? process.env.KAFKA_BROKERS ?? "127.0.0.1:9092").split(",");
  const value = values.value ?? (await text(process.stdin));
  const producer = new Producer({ clientId: "kafka-produce", bootstrapBrokers: brokers, autocreateTopics: true, acks: ProduceAcks.ALL });
  try {
    const result = await producer.send({
      messages: [{ topic: values.topic, key: values.key === undefined ? undefined : Buffer.from(values.key), value: Buffer.from(value) }],
    });
    const [where] = result.offsets ?? [];
    console.log(`sent ${Buffer.byteLength(value)} bytes to ${values.topic}${where ? ` partition ${where.partition} offset ${where.offset}` : ""}`);
    return 0;
  } finally {
    await producer.close().catch(() => {});
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`kafka:produce failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
