import type { Payload } from "@fstnetwork/loc-logic-sdk";
import { describe, expect, it, vi } from "vitest";
import { buildServerProperties, newClusterId, randomClusterId } from "../../scripts/kafka/server-properties";
import { backoffDelay } from "../../runtime/triggers/kafka/backoff";
import { parseBrokerList } from "../../runtime/triggers/kafka/broker-list";
import { buildMessageQueuePayload, buildTriggerMetadata } from "../../runtime/triggers/kafka/message-queue-payload";
import { OffsetCursor } from "../../runtime/triggers/kafka/offset-cursor";
import { withDeadline } from "../../runtime/triggers/kafka/request-deadline";
import { startKafkaTrigger } from "../../runtime/triggers/kafka";
import { FakeExecutor } from "../triggers/helpers/fake-executor";
import { subscription } from "./helpers/trigger";

describe("kafka trigger policies (no broker)", () => {
  it("waits twice as long after each failure, up to the cap", () => {
    const policy = { initialMs: 500, maxMs: 4_000, factor: 2 };
    expect([1, 2, 3, 4, 5, 10].map((attempt) => backoffDelay(attempt, policy))).toEqual([500, 1_000, 2_000, 4_000, 4_000, 4_000]);
  });

  it("reads a broker list and names the subscription when it is malformed", () => {
    expect(parseBrokerList(" 127.0.0.1:9092, kafka:19092 ", "triggers.kafka[0]")).toEqual(["127.0.0.1:9092", "kafka:19092"]);
    expect(() => parseBrokerList("127.0.0.1", "triggers.kafka[2]")).toThrow('triggers.kafka[2].brokers: expected host:port, got "127.0.0.1"');
    expect(() => parseBrokerList(" , ", "triggers.kafka[1]")).toThrow("triggers.kafka[1].brokers");
  });

  it("gives an execution the record's bytes and position, with a client identity stable per group", () => {
    const record = { topic: "orders", partition: 3, offset: 41n, key: Buffer.from([0xff, 0x00]), value: undefined };
    const payload = buildMessageQueuePayload(record, { brokers: ["127.0.0.1:9092"], groupId: "order-handling" });
    expect(payload).toEqual({
      messageQueue: {
        clientIdentityContext: { id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-5/), name: "order-handling" },
        data: [],
        subscriber: { kafka: { brokers: ["127.0.0.1:9092"], groupId: "order-handling", topic: "orders", partition: 3, offset: 41 } },
      },
    });
    const identity = (input: Payload) => ("messageQueue" in input ? input.messageQueue.clientIdentityContext : undefined);
    expect(identity(buildMessageQueuePayload({ ...record, offset: 42n }, { brokers: [], groupId: "order-handling" }))).toEqual(identity(payload));
    expect(buildTriggerMetadata(record, "order-handling")).toEqual({ topic: "orders", partition: 3, offset: 41, key: "base64:/wA=", groupId: "order-handling" });
  });

  it("drops the copies of records a rebalance fetches again, but not records given back", () => {
    const cursor = new OffsetCursor();
    expect([5n, 6n].map((offset) => cursor.take("t:0", offset))).toEqual([true, true]);
    expect(cursor.take("t:0", 5n)).toBe(false);
    expect(cursor.take("t:1", 5n)).toBe(true);
    cursor.giveBack("t:0", 6n);
    expect(cursor.take("t:0", 6n)).toBe(true);
  });

  it("gives up on a broker request that gets no answer within its deadline, and passes an answer through", async () => {
    vi.useFakeTimers();
    try {
      const unanswered = withDeadline(new Promise<never>(() => {}), "committing the offset", 30_000);
      const settled = expect(unanswered).rejects.toThrow("committing the offset: no answer from the broker within 30000 ms");
      await vi.advanceTimersByTimeAsync(30_000);
      await settled;
      await expect(withDeadline(Promise.resolve("answered"), "publishing the result")).resolves.toBe("answered");
    } finally {
      vi.useRealTimers();
    }
  });

  it("refuses to start, naming the subscription, when a data process does not exist", () => {
    const executor = new FakeExecutor(() => ({}), ["orders"]);
    const config = subscription({ brokers: "127.0.0.1:9", topic: "t", groupId: "g", dataProcesses: ["orders", "missing"] });
    expect(() => startKafkaTrigger(executor, [config], { log: () => {} })).toThrow("triggers.kafka[0] (topic t): no data process named missing");
  });
});

describe("dev broker configuration", () => {
  it("listens on 127.0.0.1 only, as broker and controller, with one-replica internal topics", () => {
    const properties = buildServerProperties({ port: 19092, controllerPort: 19093, dataDir: "/tmp/kafka" });
    const entries = Object.fromEntries(properties.trim().split("\n").map((line) => line.split(/=(.*)/s).slice(0, 2)));
    expect(entries).toMatchObject({
      "process.roles": "broker,controller",
      "node.id": "1",
      listeners: "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093",
      "advertised.listeners": "PLAINTEXT://127.0.0.1:19092",
      "controller.quorum.voters": "1@127.0.0.1:19093",
      "log.dirs": "/tmp/kafka",
      "auto.create.topics.enable": "true",
      "offsets.topic.replication.factor": "1",
      "transaction.state.log.replication.factor": "1",
      "transaction.state.log.min.isr": "1",
      "group.initial.rebalance.delay.ms": "0",
    });
  });

  it("makes KRaft cluster ids of 22 URL-safe characters", () => {
    expect(randomClusterId(new Uint8Array(16).fill(0xfb))).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // 0xfb… encodes to an id starting with "-", which kafka-storage takes for an option: drawn again.
    const draws = [new Uint8Array(16).fill(0xfb), new Uint8Array(16).fill(0x41)];
    expect(newClusterId(() => draws.shift()!)).toBe(randomClusterId(new Uint8Array(16).fill(0x41)));
  });
});
