/**
 * Bounded executions behind an API route: past `executions.maxRunning` running and
 * `executions.maxQueued` waiting, a request is answered 503 with Retry-After at once; the others
 * run as slots free up.
 */
import { describe, expect, it } from "vitest";
import { configOf, manually, runtimeOf, tempDir } from "../../runtime/helpers";
import { startTestServer } from "../helpers/api-server";

describe("API route backpressure", () => {
  it("answers 503 with Retry-After past the queue, runs the queued one once a slot frees", async () => {
    const runtime = runtimeOf(
      configOf(
        await tempDir(),
        { orders: { generic: ["hang.ts"], aggregator: "echo-aggregator.ts" }, quick: { aggregator: "echo-aggregator.ts" } },
        { executions: { maxRunning: 1, maxQueued: 1 } },
      ),
    );
    await runtime.ready;
    const { server } = await startTestServer(runtime, [
      { method: "POST", path: "/quick", dataProcesses: ["quick"], timeoutMs: 10_000 },
      { method: "POST", path: "/hang", dataProcesses: ["orders"], mode: "async" },
    ]);

    // One execution hangs in the only slot; the next request queues behind it.
    const hanging = runtime.start({ ...manually(["orders"]), timeoutMs: 3_000 });
    const queued = fetch(`${server.url}/quick`, { method: "POST", body: '{"n":1}' });
    await expect.poll(() => runtime.executionCounts()).toEqual({ running: 1, queued: 1 });
    // Past the queue: refused at once, with a hint when to come back.
    const refused = await fetch(`${server.url}/quick`, { method: "POST", body: '{"n":2}' });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("1");
    const body = await refused.json();
    expect(body._status).toBe(503);
    expect(body.data.error).toMatch(/busy: 1 executions running and 1 waiting/);

    // The hanging execution times out, the queued one runs.
    expect((await hanging.done).status).toBe(202);
    const answered = await queued;
    expect(answered.status).toBe(200);
    expect((await answered.json()).data.echo).toEqual({ n: 1 });
  });
});
