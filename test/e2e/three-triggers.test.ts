/**
 * One order batch through the API route, a Kafka record and the manual CLI: the same task result
 * and code, whichever trigger ran it (the real bundles, HTTP server, broker and CLI process); and a
 * record the data process refuses is answered on the reply topic without blocking the next one.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { outputSha256 } from "../../grafx-simulator";
import { committedOffset, createTopic, sendRecords, TopicReader, uniqueName, type ReceivedRecord } from "../kafka/helpers/kafka-clients";
import { stopOwnBroker, testBrokers } from "../kafka/helpers/test-broker";
import { postJson } from "./helpers/http";
import { startLocalLoc, type KafkaWiring, type LocalLoc } from "./helpers/local-loc";
import { orderHandling, sha256, withoutTaskKey } from "./helpers/order-result";

let brokers: string;
let kafka: KafkaWiring;
let e2e: LocalLoc;
beforeAll(async () => {
  brokers = await testBrokers();
  const topic = uniqueName("e2e-orders");
  await createTopic(brokers, topic);
  kafka = { brokers, topic, groupId: uniqueName("e2e-order-handling"), replyTopic: `${topic}.results` };
  e2e = await startLocalLoc({ kafka });
});
afterAll(async () => {
  await e2e?.close();
  await stopOwnBroker();
});

/** The reply to the record sent with this key (replies arrive in the order the records ran). */
async function replyTo(replies: TopicReader, key: string): Promise<ReceivedRecord> {
  for (let count = 1; ; count++) {
    const found = (await replies.take(count)).find((reply) => reply.key === key);
    if (found) return found;
  }
}

it("answers the same task result and code through the API route, a Kafka record and the manual CLI", { timeout: 60_000 }, async () => {
  const pdf = e2e.sim.createTask({ format: "pdf", sizeBytes: 3000 });
  const png = e2e.sim.createTask({ format: "png", sizeBytes: 700 });
  const unknown = randomUUID();
  const batch = {
    orders: [{ taskId: pdf.taskId, format: "pdf" }, { taskId: png.taskId, orderId: "PO-7", format: "png" }, { taskId: unknown }],
  };

  const viaApiRoute = await postJson(`${e2e.url}/grafx/orders`, batch);
  const replies = await TopicReader.open(brokers, kafka.replyTopic);
  await sendRecords(brokers, kafka.topic, [{ key: "batch-1", value: JSON.stringify(batch) }]);
  const reply = await replyTo(replies, "batch-1");
  const viaKafka = JSON.parse(reply.value);
  const viaCli = await e2e.runCli(batch);

  // The codes: the highest-priority order code (the unknown task's 404), as each trigger shows it.
  expect(viaApiRoute.status).toBe(404);
  expect(viaApiRoute.body._status).toBe(404);
  expect(reply.key).toBe("batch-1");
  expect(viaKafka.status).toBe(404);
  expect(viaCli.exitCode, viaCli.stderr).toBe(1);
  expect(viaCli.output).toMatchObject({ status: 404, timedOut: false });

  const results = [viaApiRoute.body.data, viaKafka.result, (viaCli.output as { result: unknown }).result].map(orderHandling);
  expect(results[0]!.orders).toEqual([
    {
      taskId: pdf.taskId,
      state: "downloaded",
      statusCode: 200,
      path: `sim-env/${pdf.taskId}.pdf`,
      bytes: 3000,
      sha256: outputSha256({ taskId: pdf.taskId, format: "pdf", sizeBytes: 3000 }),
      contentType: "application/pdf",
    },
    {
      taskId: png.taskId,
      orderId: "PO-7",
      state: "downloaded",
      statusCode: 200,
      path: "sim-env/PO-7.png",
      bytes: 700,
      sha256: outputSha256({ taskId: png.taskId, format: "png", sizeBytes: 700 }),
      contentType: "image/png",
    },
    expect.objectContaining({ taskId: unknown, state: "failed", reason: "unknown-task", statusCode: 404 }),
  ]);
  expect(results[0]!.summary).toEqual({ total: 3, downloaded: 2, pending: 0, failed: 1, rejected: 0, expired: 0 });
  expect(withoutTaskKey(results[1]!)).toEqual(withoutTaskKey(results[0]!));
  expect(withoutTaskKey(results[2]!)).toEqual(withoutTaskKey(results[0]!));

  // Three executions, one per trigger, each stored with its own id.
  const executionIds = [viaApiRoute.body._metadata.executionId, viaKafka.executionId, (viaCli.output as { executionId: string }).executionId];
  expect(results.map((result) => result.taskKey.executionId)).toEqual(executionIds);
  const stored = await Promise.all(executionIds.map((id: string) => e2e.loc.runtime.getExecution(id)));
  expect(stored.map((record) => [record?.triggerType, record?.status])).toEqual([
    ["ApiRoute", 404],
    ["MessageQueue", 404],
    ["Manual", 404],
  ]);

  // Three runs of one batch leave one file per downloaded order and no pending record.
  expect(await e2e.files()).toEqual(["sim-env/PO-7.png", `sim-env/${pdf.taskId}.pdf`].sort());
  expect(sha256(await e2e.readOrderFile(`sim-env/${pdf.taskId}.pdf`))).toBe(results[0]!.orders[0]!.sha256);
});

it("answers a bad record with a 400 result on the reply topic and goes on with the next record", async () => {
  const task = e2e.sim.createTask({ format: "pdf" });
  const replies = await TopicReader.open(brokers, kafka.replyTopic);
  await sendRecords(brokers, kafka.topic, [
    { key: "not-json", value: '{ "orders": [' },
    { key: "after-bad", value: JSON.stringify({ orders: [{ taskId: task.taskId, format: "pdf" }] }) },
  ]);

  const bad = JSON.parse((await replyTo(replies, "not-json")).value);
  const next = JSON.parse((await replyTo(replies, "after-bad")).value);
  expect(bad.status).toBe(400);
  expect(orderHandling(bad.result)).toMatchObject({ mode: "invalid", error: { message: expect.stringMatching(/malformed JSON/) } });
  expect(next.status).toBe(200);
  expect(orderHandling(next.result).orders).toEqual([expect.objectContaining({ taskId: task.taskId, state: "downloaded", statusCode: 200 })]);
  // Both committed: the bad record does not come again.
  await expect.poll(() => committedOffset(brokers, kafka.groupId, kafka.topic), { timeout: 10_000 }).toBe(3);
});
