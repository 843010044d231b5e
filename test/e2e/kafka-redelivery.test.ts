/**
 * At least once, processed once on disk: a record whose execution is in flight when its consumer is
 * killed comes again to the group's next consumer, which finds the order leased by the first
 * execution (still running: LOC does not cancel it) and leaves it to it; the order ends as one file
 * with the right bytes, downloaded once.
 */
import { afterAll, expect, it, onTestFinished } from "vitest";
import { outputSha256 } from "../../grafx-simulator";
import { committedOffset, createTopic, sendRecords, TopicReader, uniqueName } from "../kafka/helpers/kafka-clients";
import { stopOwnBroker, testBrokers } from "../kafka/helpers/test-broker";
import { startTestTrigger } from "../kafka/helpers/trigger";
import { isFinalized, startLocalLoc } from "./helpers/local-loc";
import { orderHandling, sha256 } from "./helpers/order-result";
import { simulatorReceived } from "./helpers/simulator-requests";

afterAll(stopOwnBroker);

it("re-delivers a record whose consumer died mid-execution and writes its order once", { timeout: 60_000 }, async () => {
  const brokers = await testBrokers();
  const topic = uniqueName("e2e-orders");
  await createTopic(brokers, topic);
  const kafka = { brokers, topic, groupId: uniqueName("e2e-order-handling"), replyTopic: `${topic}.results` };
  const e2e = await startLocalLoc({ kafka });
  onTestFinished(() => e2e.close());
  // The first download is slow, so the consumer is killed while its execution waits on it.
  const task = e2e.sim.createTask({ format: "pdf", sizeBytes: 5000, faults: [{ stage: "download", latencyMs: 1_500, times: 1 }] });
  const file = `sim-env/${task.taskId}.pdf`;

  await sendRecords(brokers, topic, [{ key: "order-9", value: JSON.stringify({ orders: [{ taskId: task.taskId, format: "pdf" }] }) }]);
  await simulatorReceived(e2e.sim, "download", task.taskId);
  await e2e.loc.kafka.abort();

  expect(await e2e.files()).toEqual([`.pending/${task.taskId}.json`]);
  expect(await committedOffset(brokers, kafka.groupId, topic)).toBe(-1);

  startTestTrigger(e2e.loc.runtime, e2e.config.triggers.kafka);
  const replies = await TopicReader.open(brokers, kafka.replyTopic);
  const [reply] = await replies.take(1);
  expect(reply!.key).toBe("order-9");
  const { status, result } = JSON.parse(reply!.value);
  expect(status).toBe(202);
  expect(orderHandling(result).orders).toEqual([
    expect.objectContaining({ taskId: task.taskId, state: "pending", statusCode: 202, error: expect.stringMatching(/being worked on by another execution/) }),
  ]);
  await expect.poll(() => committedOffset(brokers, kafka.groupId, topic), { timeout: 10_000 }).toBe(1);

  // The killed consumer's execution still runs to its end (LOC does not cancel it); look at the
  // disk once both executions are over.
  await e2e.logicLogs.count(isFinalized, 2);
  expect(await e2e.files()).toEqual([file]);
  expect(sha256(await e2e.readOrderFile(file))).toBe(outputSha256({ taskId: task.taskId, format: "pdf", sizeBytes: 5000 }));
  expect(replies.received.map((received) => received.key)).toEqual(["order-9"]);
  expect(e2e.sim.requests.filter((request) => request.stage === "download" && request.path.includes(task.taskId))).toHaveLength(1);
});
