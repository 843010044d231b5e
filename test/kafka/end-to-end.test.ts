import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { configSchema } from "../../runtime/config/schema";
import { startRuntime, type LocalRuntime } from "../../runtime/executor";
import { createTopic, sendRecords, TopicReader, uniqueName } from "./helpers/kafka-clients";
import { stopOwnBroker, testBrokers } from "./helpers/test-broker";
import { startTestTrigger } from "./helpers/trigger";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

let brokers: string;
let stateDir: string;
let runtime: LocalRuntime | undefined;
beforeAll(async () => {
  brokers = await testBrokers();
  stateDir = await mkdtemp(join(tmpdir(), "loc-kafka-e2e-"));
});
afterAll(async () => {
  await runtime?.close(1_000);
  await rm(stateDir, { recursive: true, force: true });
  await stopOwnBroker();
});

it("runs the real runtime's data process per record: a good record's result, and a bad record's 400", async () => {
  const topic = uniqueName("orders");
  const replyTopic = `${topic}.results`;
  await createTopic(brokers, topic);
  const config = configSchema.parse({
    stateDir,
    dataProcesses: { "record-reader": { generic: [fixture("read-record.ts")], aggregator: fixture("report-record.ts"), timeoutMs: 10_000 } },
    triggers: { kafka: [{ brokers, topic, groupId: uniqueName("record-reader"), dataProcesses: ["record-reader"], replyTopic }] },
  });
  runtime = await startRuntime(config);
  const { trigger } = startTestTrigger(runtime, config.triggers.kafka);
  await trigger.ready;
  const replies = await TopicReader.open(brokers, replyTopic);

  await sendRecords(brokers, topic, [
    { key: "bad", value: "{not json" },
    { key: "good", value: JSON.stringify({ orderId: "A-1" }) },
  ]);

  // Different keys: the two run side by side, and either reply may come first.
  const byKey = new Map((await replies.take(2)).map((reply) => [reply.key, JSON.parse(reply.value)]));
  const [bad, good] = [byKey.get("bad"), byKey.get("good")];
  expect(bad).toMatchObject({ status: 400, result: { error: { name: "SyntaxError" } } });
  expect(good).toMatchObject({ status: 200, result: { record: { orderId: "A-1" }, where: { topic, partition: 0, offset: 1 } } });
  expect(await runtime.getExecution(good.executionId)).toMatchObject({
    triggerType: "MessageQueue",
    triggerMetadata: { topic, partition: 0, offset: 1, key: "good" },
    status: 200,
  });
});
