import { describe, expect, it } from "vitest";
import { echoJson, FakeExecutor } from "../helpers/fake-executor";
import { startTestServer } from "../helpers/api-server";
import type { ExecutionRecord, TaskRecord } from "../../../runtime/contract";
import { finishedStatus } from "../../../runtime/execution-status";

describe("API route status codes", () => {
  it("answers with the code the data process set, in the encapsulated envelope", async () => {
    const executor = new FakeExecutor(() => ({ status: 503, result: { orders: { failed: 1 } } }));
    const { server } = await startTestServer(executor, [{ method: "POST", path: "/grafx/orders" }]);

    const response = await fetch(`${server.url}/grafx/orders`, { method: "POST", body: "{}" });

    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = await response.json();
    expect(body).toMatchObject({
      _status: 503,
      _metadata: { triggerType: "ApiRoute", route: "POST /grafx/orders", requestId: response.headers.get("x-request-id") },
      data: { orders: { failed: 1 } },
    });
    expect(body._metadata.executionId).toBe(response.headers.get("x-execution-id"));
    expect(body._metadata.status).toBe("Complete");
    expect(Date.parse(body._metadata.finishedAt)).toBeGreaterThanOrEqual(Date.parse(body._metadata.triggeredAt));
    expect(body._metadata.durationMs).toBeTypeOf("number");
  });

  it("with encapsulation off answers the bare task result with the code as HTTP status", async () => {
    const executor = new FakeExecutor(() => ({ status: 201, result: { created: ["a", "b"] } }));
    const { server } = await startTestServer(executor, [{ method: "PUT", path: "/things", encapsulation: false }]);

    const response = await fetch(`${server.url}/things`, { method: "PUT", body: "[]" });

    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ created: ["a", "b"] });
  });

  it("answers 405 with an Allow header for a wrong method on a known path", async () => {
    const executor = new FakeExecutor(echoJson);
    const { server } = await startTestServer(executor, [
      { method: "POST", path: "/grafx/orders" },
      { method: "PUT", path: "/grafx/orders" },
    ]);

    const response = await fetch(`${server.url}/grafx/orders`);

    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST, PUT");
    expect(await response.json()).toMatchObject({
      _status: 405,
      _metadata: { executionId: null, triggerType: "ApiRoute", route: "GET /grafx/orders" },
      data: { error: expect.stringContaining("GET") },
    });
    expect(executor.requests).toHaveLength(0);
  });

  it("answers 400 for a path no route serves, and matches paths without their query", async () => {
    const executor = new FakeExecutor(echoJson);
    const { server } = await startTestServer(executor, [{ method: "POST", path: "/grafx/orders" }]);

    const unknown = await fetch(`${server.url}/grafx/order`, { method: "POST", body: "{}" });
    const withQuery = await fetch(`${server.url}/grafx/orders?dryRun=1`, { method: "POST", body: "{}" });

    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ _status: 400, data: { error: "no API route for POST /grafx/order" } });
    expect(withQuery.status).toBe(200);
    expect(executor.requests).toHaveLength(1);
  });

  it("answers 413 past the body limit, by Content-Length or while streaming, without running anything", async () => {
    const executor = new FakeExecutor(echoJson);
    const { server } = await startTestServer(executor, [{ method: "POST", path: "/upload" }], { bodyLimitBytes: 1024 });

    const declared = await fetch(`${server.url}/upload`, { method: "POST", body: new Uint8Array(4 * 1024 * 1024) });
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 64; i++) controller.enqueue(new Uint8Array(512).fill(32));
        controller.close();
      },
    });
    const streamed = await fetch(`${server.url}/upload`, { method: "POST", body: chunks, duplex: "half" } as RequestInit);
    const atLimit = await fetch(`${server.url}/upload`, { method: "POST", body: " ".repeat(1022) + "{}" });

    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ _status: 413, data: { error: expect.stringContaining("1024 bytes") } });
    expect(streamed.status).toBe(413);
    expect(atLimit.status).toBe(200);
    expect(executor.requests).toHaveLength(1);
  });

  it("lets malformed JSON reach the data process, which answers 400", async () => {
    const executor = new FakeExecutor(echoJson);
    const { server } = await startTestServer(executor, [{ method: "POST", path: "/grafx/orders" }]);

    const response = await fetch(`${server.url}/grafx/orders`, { method: "POST", body: '{"orders": [' });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ _status: 400, data: { error: "the body is not JSON" } });
    expect(executor.requests).toHaveLength(1);
  });

  it("answers an unexpected failure with a generic 500 and logs it as one line, never the details", async () => {
    const executor = new FakeExecutor(echoJson);
    executor.start = () => {
      throw new Error("store broke at /srv/state\n    at secretFrame (internal.ts:1:1)");
    };
    const { server, logs } = await startTestServer(executor, [{ method: "POST", path: "/grafx/orders", encapsulation: false }]);

    const response = await fetch(`${server.url}/grafx/orders`, { method: "POST", body: "{}" });

    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: "internal error" });
    expect(text).not.toContain("store broke");
    const failure = await logs.next((event) => event.level === "error");
    expect(failure.error).toBe("Error: store broke at /srv/state at secretFrame (internal.ts:1:1)");
  });

  it("logs one line per request with method, path, status and time, never headers or query", async () => {
    const executor = new FakeExecutor(echoJson);
    const { server, logs } = await startTestServer(executor, [{ method: "POST", path: "/grafx/orders" }]);

    await fetch(`${server.url}/grafx/orders?token=query-secret`, {
      method: "POST",
      body: "{}",
      headers: { authorization: "Bearer header-secret" },
    });
    const line = await logs.next((event) => event.msg === "api route request");

    expect(line).toMatchObject({ method: "POST", path: "/grafx/orders", status: 200, ms: expect.any(Number) });
    expect(logs.lines().join("\n")).not.toMatch(/header-secret|query-secret/);
  });

  it("refuses to start when a route names an unknown data process or repeats a route", async () => {
    const executor = new FakeExecutor(echoJson);

    await expect(startTestServer(executor, [{ method: "POST", path: "/a", dataProcesses: ["nope"] }])).rejects.toThrow(
      'apiRoutes[0] (POST /a): no data process named nope',
    );
    await expect(
      startTestServer(executor, [
        { method: "POST", path: "/a" },
        { method: "POST", path: "/a" },
      ]),
    ).rejects.toThrow("apiRoutes[1] (POST /a): the same method and path are configured twice");
  });
});

describe("the status an encapsulated answer reports", () => {
  const task = (extra: Partial<TaskRecord> = {}): TaskRecord => ({ dataProcess: "orders", taskId: "t", status: 200, result: {}, timedOut: false, ...extra });
  const record = (extra: Partial<ExecutionRecord>) => ({ timedOut: false, tasks: [task()], ...extra }) as ExecutionRecord;

  it.each([
    ["Complete", record({})],
    ["Complete with Error", record({ tasks: [task(), task({ railwayError: { name: "Error", message: "x", logic: "read-orders" } })] })],
    ["Timeout", record({ timedOut: true, tasks: [task({ timedOut: true })] })],
    ["System Error", record({ tasks: [task({ status: 500, railwayError: { name: "LogicLoadError", message: "no bundle", logic: "?" } })] })],
    ["Execution Error", record({ tasks: [task({ status: 500, crashed: true, railwayError: { name: "Error", message: "isolate died", logic: "a" } })] })],
  ])("is %s", (status, execution) => {
    expect(finishedStatus(execution)).toBe(status);
  });
});
