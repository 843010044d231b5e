import { describe, expect, it } from "vitest";
import { deferred } from "../helpers/deferred";
import { FakeExecutor } from "../helpers/fake-executor";
import { startTestServer } from "../helpers/api-server";

describe("asynchronous API routes", () => {
  it("answer 202 with the execution id at once; the result is read later by id", async () => {
    const release = deferred();
    const executor = new FakeExecutor(async () => {
      await release.promise;
      return { status: 207, result: { orders: { done: 3 } } };
    });
    const { server } = await startTestServer(executor, [{ method: "POST", path: "/grafx/orders", mode: "async" }]);

    const accepted = await fetch(`${server.url}/grafx/orders`, { method: "POST", body: "{}" });
    expect(accepted.status).toBe(202);
    const acceptedBody = await accepted.json();
    const executionId: string = acceptedBody.data.executionId;
    expect(acceptedBody).toMatchObject({
      _status: 202,
      _metadata: { executionId, status: "In Progress", triggerType: "ApiRoute", route: "POST /grafx/orders" },
    });
    expect(accepted.headers.get("location")).toBe(`/executions/${executionId}`);

    const whileRunning = await fetch(`${server.url}/executions/${executionId}`);
    expect(whileRunning.status).toBe(202);
    expect(await whileRunning.json()).toMatchObject({ _status: 202, _metadata: { status: "In Progress" }, data: { executionId } });

    release.resolve();
    await executor.finished(executionId);
    const finished = await fetch(`${server.url}/executions/${executionId}`);
    expect(finished.status).toBe(200);
    expect(await finished.json()).toMatchObject({
      _status: 207,
      _metadata: { executionId, status: "Complete", triggerType: "ApiRoute", route: "POST /grafx/orders", requestId: accepted.headers.get("x-request-id") },
      data: { orders: { done: 3 } },
    });
  });

  it("with encapsulation off answer the bare { executionId }", async () => {
    const executor = new FakeExecutor(() => ({ result: { ok: true } }));
    const { server } = await startTestServer(executor, [{ method: "POST", path: "/jobs", mode: "async", encapsulation: false }]);

    const accepted = await fetch(`${server.url}/jobs`, { method: "POST" });

    expect(accepted.status).toBe(202);
    expect(Object.keys(await accepted.json())).toEqual(["executionId"]);
  });

  it("answer 404 for an unknown or malformed execution id and 405 for other methods", async () => {
    const executor = new FakeExecutor(() => ({}));
    const { server } = await startTestServer(executor, [{ method: "POST", path: "/jobs", mode: "async" }]);

    const unknown = await fetch(`${server.url}/executions/00000000-0000-4000-8000-000000000000`);
    const malformed = await fetch(`${server.url}/executions/..%2F..%2Fetc`);
    const wrongMethod = await fetch(`${server.url}/executions/00000000-0000-4000-8000-000000000000`, { method: "DELETE" });

    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ _status: 404, data: { error: expect.stringContaining("no execution") } });
    expect(malformed.status).toBe(404);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET");
  });
});
