/** The payload a logic reads through its context, as LOC shapes it per trigger. */
import { describe, expect, it } from "vitest";
import { buildMessageQueuePayload } from "../../runtime/triggers/kafka/message-queue-payload";
import { conformanceRuntime, executeManually, logsOf } from "./harness";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const utf8Bytes = (text: string) => Array.from(new TextEncoder().encode(text));

/** The messages one logic logged, every one at info. */
function infoMessages(logs: Array<{ level: string; message: string }>): string[] {
  expect(logs.every((entry) => entry.level === "info")).toBe(true);
  return logs.map((entry) => entry.message);
}

describe("payload", () => {
  it("a manual execution delivers an http payload whose request body is the JSON the user supplied", async () => {
    const body = { orders: [{ id: 7, qty: 2 }], note: "你好" };
    const runtime = await conformanceRuntime({ dataProcesses: { manual: { generic: ["payload/http.ts"], aggregator: "empty-aggregator.ts" } } });
    const record = await executeManually(runtime, ["manual"], body);
    const taskId = record.tasks[0]?.taskId;

    const [task, title, kind, isHttp, dataType, http, decoded, ...rest] = infoMessages(logsOf(record, "http"));
    expect(rest).toEqual([]);
    expect(JSON.parse(task!)).toMatchObject({
      taskKey: { executionId: record.executionId, taskId },
      taskId: { id: taskId, executionId: record.executionId },
      dataProcess: { name: "manual", revision: 1, permanentIdentity: expect.stringMatching(UUID) },
      currentLogic: { name: "http", revision: 1, permanentIdentity: expect.stringMatching(UUID) },
      executedLogics: [],
    });
    expect([title, kind, isHttp, dataType]).toEqual(["test HttpPayload", "object", "true", "Array"]);
    expect(JSON.parse(http!)).toEqual({
      apiGatewayIdentityContext: { id: expect.stringMatching(UUID), name: "manual" },
      apiRouteIdentityContext: { id: expect.stringMatching(UUID), name: "manual" },
      requestId: expect.stringMatching(UUID),
      request: {
        data: utf8Bytes(JSON.stringify(body)),
        headers: { "content-type": "application/json" },
        host: "localhost",
        method: "POST",
        path: "/manual",
        query: "",
        scheme: "http",
        version: "HTTP/1.1",
      },
    });
    expect(JSON.parse(decoded!)).toEqual({ body });
  });

  it("a message queue execution delivers the record's bytes and where it came from", async () => {
    const runtime = await conformanceRuntime({ dataProcesses: { queue: { generic: ["payload/message-queue.ts"], aggregator: "empty-aggregator.ts" } } });
    const payload = buildMessageQueuePayload(
      { topic: "orders", partition: 2, offset: 41n, key: Buffer.from("order-7"), value: Buffer.from('{"id":7}') },
      { brokers: ["127.0.0.1:9092"], groupId: "loc-orders" },
    );
    const record = await runtime.execute({ dataProcesses: ["queue"], payload, triggerType: "MessageQueue" });

    const [title, kind, isQueue, dataType, queue, ...rest] = infoMessages(logsOf(record, "message-queue"));
    expect(rest).toEqual([]);
    expect([title, kind, isQueue, dataType]).toEqual(["test MessageQueuePayload", "object", "true", "Array"]);
    expect(JSON.parse(queue!)).toEqual({
      clientIdentityContext: { id: expect.stringMatching(UUID), name: "loc-orders" },
      subscriber: { kafka: { brokers: ["127.0.0.1:9092"], groupId: "loc-orders", topic: "orders", partition: 2, offset: 41 } },
      data: utf8Bytes('{"id":7}'),
    });
  });
});
