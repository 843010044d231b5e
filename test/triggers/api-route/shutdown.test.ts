import { describe, expect, it } from "vitest";
import { deferred } from "../helpers/deferred";
import { FakeExecutor } from "../helpers/fake-executor";
import { startTestServer } from "../helpers/api-server";

describe("API route server shutdown", () => {
  it("finishes a running execution and answers it while refusing new connections", async () => {
    const release = deferred();
    const executor = new FakeExecutor(async () => {
      await release.promise;
      return { status: 200, result: { finished: true } };
    });
    const { server, logs } = await startTestServer(executor, [{ method: "POST", path: "/slow" }]);
    const arrived = executor.nextRequest();
    const running = fetch(`${server.url}/slow`, { method: "POST", body: "{}" });
    await arrived;

    const closing = server.close();
    const refused = await fetch(`${server.url}/slow`, { method: "POST", body: "{}" }).catch((error: Error) => error);
    release.resolve();
    const answered = await running;
    await closing;

    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error & { cause?: { code?: string } }).cause?.code).toBe("ECONNREFUSED");
    expect(answered.status).toBe(200);
    expect(answered.headers.get("connection")).toBe("close");
    expect(await answered.json()).toMatchObject({ data: { finished: true } });
    expect(executor.requests).toHaveLength(1);
    expect(logs.events.at(-1)).toMatchObject({ msg: "api route server closed" });
  });

  it("waits for asynchronous executions before resolving", async () => {
    const executor = new FakeExecutor(async () => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      return { result: { late: true } };
    });
    const { server } = await startTestServer(executor, [{ method: "POST", path: "/jobs", mode: "async" }]);
    const accepted = await (await fetch(`${server.url}/jobs`, { method: "POST" })).json();

    await server.close();

    expect(await executor.getExecution(accepted.data.executionId)).toMatchObject({ result: { late: true } });
  });

  it("closes idle keep-alive connections at once and gives up on hung work after the grace period", async () => {
    const hung = new FakeExecutor(() => new Promise(() => {}));
    const idle = new FakeExecutor(() => ({}));
    const { server: idleServer } = await startTestServer(idle, [{ method: "GET", path: "/ping" }], { shutdownGraceMs: 5_000 });
    const { server: hungServer, logs } = await startTestServer(hung, [{ method: "POST", path: "/hang" }], { shutdownGraceMs: 200 });
    await fetch(`${idleServer.url}/ping`).then((response) => response.text());
    const arrived = hung.nextRequest();
    const cutOff = fetch(`${hungServer.url}/hang`, { method: "POST" }).catch((error: Error) => error);
    await arrived;

    const started = performance.now();
    await idleServer.close();
    const idleMs = performance.now() - started;
    await hungServer.close();
    const hungMs = performance.now() - started - idleMs;

    expect(idleMs).toBeLessThan(1_000);
    expect(hungMs).toBeGreaterThanOrEqual(190);
    expect(hungMs).toBeLessThan(2_000);
    expect(await cutOff).toBeInstanceOf(Error);
    expect(logs.events.some((event) => event.msg === "api route server shutdown grace elapsed")).toBe(true);
  });
});
