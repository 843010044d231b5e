import { describe, expect, it } from "vitest";
import { deferred } from "../helpers/deferred";
import { FakeExecutor } from "../helpers/fake-executor";
import { route, startTestServer } from "../helpers/api-server";

/** An executor whose one execution ends when the test says so. */
function heldExecutor() {
  const release = deferred();
  const executor = new FakeExecutor(async () => {
    await release.promise;
    return { status: 207, result: { orders: { done: 2 } } };
  });
  return { executor, release: () => release.resolve() };
}

/** Whether the execution is still running, without waiting for it. */
async function stillRunning(executor: FakeExecutor, executionId: string): Promise<boolean> {
  const running = Symbol("running");
  return (await Promise.race([executor.finished(executionId), Promise.resolve(running)])) === running;
}

describe("synchronous API routes past their wait (LOC: 202 after 15 s, the execution goes on)", () => {
  it("wait 15 s by default", () => {
    expect(route({ method: "POST", path: "/x" }).timeoutMs).toBe(15_000);
  });

  it("answer 202 In Progress with the execution id; the execution goes on and its result is then read by id", async () => {
    const { executor, release } = heldExecutor();
    const { server } = await startTestServer(executor, [{ method: "POST", path: "/grafx/orders", timeoutMs: 50 }]);

    const accepted = await fetch(`${server.url}/grafx/orders`, { method: "POST", body: "{}" });

    expect(accepted.status).toBe(202);
    const body = await accepted.json();
    const executionId: string = body._metadata.executionId;
    expect(body).toEqual({
      _status: 202,
      _metadata: {
        executionId,
        status: "In Progress",
        triggerType: "ApiRoute",
        triggeredAt: expect.any(String),
        route: "POST /grafx/orders",
        requestId: accepted.headers.get("x-request-id"),
      },
      data: { executionId },
    });
    expect(accepted.headers.get("location")).toBe(`/executions/${executionId}`);
    expect(accepted.headers.get("x-execution-id")).toBe(executionId);
    // The route's wait is no timeout of the execution's.
    expect(executor.requests[0]?.timeoutMs).toBeUndefined();
    expect(await stillRunning(executor, executionId)).toBe(true);

    const whileRunning = await fetch(`${server.url}/executions/${executionId}`);
    expect(whileRunning.status).toBe(202);
    expect(await whileRunning.json()).toMatchObject({ _status: 202, _metadata: { executionId, status: "In Progress" }, data: { executionId } });

    release();
    expect(await executor.finished(executionId)).toMatchObject({ status: 207, timedOut: false });
    const finished = await fetch(`${server.url}/executions/${executionId}`);
    expect(finished.status).toBe(200);
    expect(finished.headers.get("x-execution-id")).toBe(executionId);
    expect(await finished.json()).toMatchObject({
      _status: 207,
      _metadata: { executionId, status: "Complete", triggerType: "ApiRoute", route: "POST /grafx/orders", requestId: accepted.headers.get("x-request-id") },
      data: { orders: { done: 2 } },
    });
  });

  it("with encapsulation off answer the bare { executionId }", async () => {
    const { executor, release } = heldExecutor();
    const { server } = await startTestServer(executor, [{ method: "POST", path: "/jobs", timeoutMs: 20, encapsulation: false }]);

    const accepted = await fetch(`${server.url}/jobs`, { method: "POST" });

    expect(accepted.status).toBe(202);
    const { executionId } = await accepted.json();
    expect(accepted.headers.get("location")).toBe(`/executions/${executionId}`);
    release();
    await executor.finished(executionId);
  });

  it("answer the result itself when the execution ends within the wait", async () => {
    const executor = new FakeExecutor(() => ({ status: 200, result: { quick: true } }));
    const { server } = await startTestServer(executor, [{ method: "POST", path: "/quick", timeoutMs: 10_000 }]);

    const response = await fetch(`${server.url}/quick`, { method: "POST" });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ _status: 200, _metadata: { status: "Complete" }, data: { quick: true } });
  });

  it("let the server's shutdown wait for an execution that outlived its request", async () => {
    const { executor, release } = heldExecutor();
    const { server } = await startTestServer(executor, [{ method: "POST", path: "/slow", timeoutMs: 20 }]);
    const accepted = await fetch(`${server.url}/slow`, { method: "POST" });
    const { executionId } = (await accepted.json())._metadata;

    const closing = server.close();
    expect(await stillRunning(executor, executionId)).toBe(true);
    release();
    await closing;

    expect(await executor.getExecution(executionId)).toMatchObject({ status: 207, result: { orders: { done: 2 } } });
  });
});
