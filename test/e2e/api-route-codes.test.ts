/**
 * The API route's codes with the real data process behind a real HTTP server: the data process's
 * own 400s, the server's 400/405, encapsulation off, and an asynchronous route read back by id.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { outputSha256 } from "../../grafx-simulator";
import { postJson, requestJson } from "./helpers/http";
import { startLocalLoc, type LocalLoc } from "./helpers/local-loc";
import { orderHandling, withoutTaskKey } from "./helpers/order-result";

describe("API route codes through grafx-order-handling", () => {
  let e2e: LocalLoc;
  beforeAll(async () => {
    e2e = await startLocalLoc({
      apiRoutes: [
        { method: "POST", path: "/grafx/orders" },
        { method: "POST", path: "/grafx/orders/bare", encapsulation: false },
        { method: "POST", path: "/grafx/orders/later", mode: "async" },
      ],
    });
  });
  afterAll(async () => e2e?.close());

  const downloaded = (taskId: string, sizeBytes = 1024) => ({
    taskId,
    state: "downloaded",
    statusCode: 200,
    path: `sim-env/${taskId}.pdf`,
    bytes: sizeBytes,
    sha256: outputSha256({ taskId, format: "pdf", sizeBytes }),
    contentType: "application/pdf",
  });

  it("answers malformed JSON with the data process's 400 and the error in its result", async () => {
    const answer = await postJson(`${e2e.url}/grafx/orders`, '{ "orders": [');

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ _status: 400, _metadata: { triggerType: "ApiRoute", route: "POST /grafx/orders" } });
    const result = orderHandling(answer.body.data);
    expect(result).toMatchObject({ mode: "invalid", orders: [], error: { name: "InvalidPayload", message: expect.stringMatching(/malformed JSON/) } });
  });

  it("rejects a bad order alone with its own 400, downloads the others, and answers 400", async () => {
    const good = [e2e.sim.createTask({ format: "pdf" }), e2e.sim.createTask({ format: "pdf" })];
    const answer = await postJson(`${e2e.url}/grafx/orders`, {
      orders: [{ taskId: good[0]!.taskId, format: "pdf" }, { taskId: randomUUID(), orderId: "../escape" }, { taskId: good[1]!.taskId, format: "pdf" }],
    });

    expect(answer.status).toBe(400);
    expect(answer.body._status).toBe(400);
    const result = orderHandling(answer.body.data);
    expect(result.orders).toEqual([
      downloaded(good[0]!.taskId),
      expect.objectContaining({ state: "rejected", statusCode: 400, error: expect.stringMatching(/^orders\[1\]\.orderId: /) }),
      downloaded(good[1]!.taskId),
    ]);
    expect(await e2e.files()).toEqual(expect.arrayContaining(good.map(({ taskId }) => `sim-env/${taskId}.pdf`)));
    expect((await e2e.files()).some((path) => path.includes("escape"))).toBe(false);
  });

  it("answers 400 for an unknown path and 405 with Allow for a wrong method, running nothing", async () => {
    const before = e2e.sim.requests.length;
    const unknownPath = await postJson(`${e2e.url}/grafx/order`, { orders: [] });
    const wrongMethod = await requestJson(`${e2e.url}/grafx/orders`, { method: "GET" });

    expect(unknownPath.status).toBe(400);
    expect(unknownPath.body).toMatchObject({ _status: 400, _metadata: { executionId: null }, data: { error: expect.stringContaining("/grafx/order") } });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
    expect(wrongMethod.body).toMatchObject({ _status: 405, _metadata: { executionId: null } });
    expect(e2e.sim.requests.length).toBe(before);
  });

  it("answers the bare task result with the HTTP status as its code when encapsulation is off", async () => {
    const task = e2e.sim.createTask({ format: "pdf" });
    const unknown = randomUUID();
    const answer = await postJson(`${e2e.url}/grafx/orders/bare`, { orders: [{ taskId: task.taskId, format: "pdf" }, { taskId: unknown }] });

    expect(answer.status).toBe(404);
    expect(Object.keys(answer.body)).toEqual(["grafx_order_handling"]);
    expect(orderHandling(answer.body).orders).toEqual([
      downloaded(task.taskId),
      expect.objectContaining({ taskId: unknown, state: "failed", reason: "unknown-task", statusCode: 404 }),
    ]);
    expect(orderHandling(answer.body).taskKey.executionId).toBe(answer.headers.get("x-execution-id"));
  });

  it("answers an asynchronous route with 202 at once, then serves the same result by execution id", async () => {
    // A slow first download keeps the execution running while the test looks it up.
    const task = e2e.sim.createTask({ format: "pdf", faults: [{ stage: "download", latencyMs: 1_000, times: 1 }] });
    const batch = { orders: [{ taskId: task.taskId, format: "pdf" }] };

    const accepted = await postJson(`${e2e.url}/grafx/orders/later`, batch);
    expect(accepted.status).toBe(202);
    const { executionId } = accepted.body.data;
    expect(accepted.body).toMatchObject({ _status: 202, _metadata: { executionId } });
    expect(accepted.headers.get("location")).toBe(`/executions/${executionId}`);

    const running = await requestJson(`${e2e.url}/executions/${executionId}`);
    expect(running.status).toBe(202);
    // A client learns the end only by asking again: nothing else signals it.
    const finished = await vi.waitFor(
      async () => {
        const answer = await requestJson(`${e2e.url}${accepted.headers.get("location")}`);
        if (answer.status === 202) throw new Error(`execution ${executionId} still running`);
        return answer;
      },
      { timeout: 20_000, interval: 50 },
    );

    expect(finished.status).toBe(200);
    expect(finished.body).toMatchObject({ _status: 200, _metadata: { executionId, triggerType: "ApiRoute", route: "POST /grafx/orders/later" } });
    const result = orderHandling(finished.body.data);
    expect(result.taskKey.executionId).toBe(executionId);
    expect(result.orders).toEqual([downloaded(task.taskId)]);
    const sync = await postJson(`${e2e.url}/grafx/orders`, batch);
    expect(withoutTaskKey(result)).toEqual(withoutTaskKey(orderHandling(sync.body.data)));
  });
});
