import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it, onTestFinished } from "vitest";
import { startKafkaBroker, type KafkaBroker } from "../../scripts/kafka/broker";
import { freePort } from "../../scripts/kafka/free-port";
import { FakeExecutor } from "../triggers/helpers/fake-executor";
import { sendRecords, TopicReader, uniqueName } from "./helpers/kafka-clients";
import { acceptJsonRecords } from "./helpers/record-executor";
import { startTestTrigger, subscription } from "./helpers/trigger";

it("warns once while no broker answers, retries quietly, consumes within seconds once one appears, and again after it restarts", { timeout: 60_000 }, async () => {
  const [port, controllerPort] = [await freePort(), await freePort()];
  const dataDir = await mkdtemp(join(tmpdir(), "kafka-restart-"));
  let broker: KafkaBroker | undefined;
  onTestFinished(async () => {
    await broker?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  const brokers = `127.0.0.1:${port}`;
  const topic = uniqueName("orders");
  const replyTopic = `${topic}.results`;
  const executor = new FakeExecutor(acceptJsonRecords);
  const { trigger, logs } = startTestTrigger(executor, [subscription({ brokers, topic, groupId: uniqueName("group"), replyTopic, enabled: "auto" })]);

  await trigger.ready;
  const failure = await logs.next((event) => event.msg === "kafka broker unavailable");
  expect(failure).toMatchObject({ level: "warn", topic, brokers, attempt: 1, retryInMs: expect.any(Number) });
  expect(String(failure.error)).not.toMatch(/\n|\s+at\s/);

  broker = await startKafkaBroker({ port, controllerPort, dataDir });
  const appeared = Date.now();
  await logs.next((event) => event.msg === "kafka subscription consuming");
  // Picked up within seconds of the broker's start, however long it was away; warned about once.
  expect(Date.now() - appeared).toBeLessThan(10_000);
  expect(logs.events.filter((event) => event.msg === "kafka broker unavailable")).toHaveLength(1);
  await sendRecords(brokers, topic, [{ key: "before-restart", value: '{"id":1}' }]);
  expect((await (await TopicReader.open(brokers, replyTopic)).take(1)).map((reply) => reply.key)).toEqual(["before-restart"]);

  await broker.stop();
  await logs.next((event) => event.msg === "kafka subscription lost its consumer; reconnecting");
  broker = await startKafkaBroker({ port, controllerPort, dataDir });
  await sendRecords(brokers, topic, [{ key: "after-restart", value: '{"id":2}' }]);
  const replies = await (await TopicReader.open(brokers, replyTopic)).take(2);
  expect(replies.map((reply) => reply.key)).toEqual(["before-restart", "after-restart"]);
  await trigger.stop();
});
