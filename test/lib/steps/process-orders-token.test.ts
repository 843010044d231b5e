/**
 * The GraFx token, obtained by process-orders itself: from the LocalStorage cache or the token
 * endpoint, only when it holds an order; never logged, and never in a result, not even in an error.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { SESSION_KEYS } from "../../../lib/session/state";
import { readOrders } from "../../../lib/steps/read-orders";
import { fakeAgents, MemorySessionStorage } from "../fakes";
import { guid, newWorld, orderPayload, pendingPath, runExecution, type World } from "./run-execution";

let world: World;

beforeEach(() => {
  world = newWorld();
});

type Run = Awaited<ReturnType<typeof runExecution>>;
const events = (run: Run, name: string) => run.log.lines.filter((line) => (line.entry as { event?: string }).event === name);
const record = (n: number) => JSON.parse(world.store.text(pendingPath(n)) ?? "null") as Record<string, unknown> | null;

describe("process-orders' token", () => {
  it("asks the token endpoint once, then reuses the cached token in the next execution, logging neither", async () => {
    world.grafx.tasks.set(guid(1), { state: "finished" });
    world.grafx.tasks.set(guid(2), { state: "finished" });
    const first = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }] }));
    const second = await runExecution(world, orderPayload({ orders: [{ taskId: guid(2) }] }));
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(world.grafx.auth.requests).toHaveLength(1);
    for (const run of [first, second]) {
      expect(events(run, "authenticated")).toEqual([{ level: "info", entry: { event: "authenticated" } }]);
      for (const token of world.grafx.validTokens) expect(run.log.text()).not.toContain(token);
    }
  });

  it("asks for no token when every order is held by another execution, nor for an empty work set", async () => {
    const empty = await runExecution(world, orderPayload(""));
    expect(empty.statusCode).toBe(200);

    world.grafx.tasks.set(guid(1), { state: "finished" });
    const { agents } = fakeAgents({ variables: world.variables, files: { orders: world.store }, clock: world.clock });
    await readOrders({ task: { taskKey: { executionId: "exec-other", taskId: "task-1" } }, payload: async () => orderPayload({ orders: [{ taskId: guid(1) }] }) }, agents);
    const heldElsewhere = await runExecution(world, orderPayload(""), { executionId: "exec-b" });
    expect(heldElsewhere.result.orders).toEqual([expect.objectContaining({ taskId: guid(1), state: "pending", error: expect.stringContaining("another execution") })]);

    expect(world.grafx.auth.requests).toEqual([]);
    for (const run of [empty, heldElsewhere]) expect(events(run, "authenticated")).toEqual([]);
  });

  it("gives every held order the unreachable token endpoint's failure (504), its secrets redacted, and releases their leases", async () => {
    world.grafx.tokenAnswers = Array.from({ length: 9 }, () => () => {
      throw new TypeError("connection reset while sending client_id=client-1 and secret client-secret-value");
    });
    world.grafx.tasks.set(guid(1), { state: "finished" });
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }, { taskId: guid(2) }] }), { executionId: "exec-a" });
    expect(run.statusCode).toBe(504);
    expect(run.result.orders.map((order) => [order.state, order.reason, order.statusCode])).toEqual([
      ["failed", "unreachable", 504],
      ["failed", "unreachable", 504],
    ]);
    for (const order of run.result.orders) {
      expect(order.error).toMatch(/^token request: network error: connection reset/);
      expect(order.error).not.toContain("client-secret-value");
    }
    expect(world.grafx.api.requests).toEqual([]);
    // Still pending, and free for the next execution at once.
    for (const n of [1, 2]) expect(record(n)).toMatchObject({ taskId: guid(n) });
    for (const n of [1, 2]) expect(record(n)).not.toHaveProperty("leaseId");
    const [failed] = events(run, "authentication-failed");
    expect(failed).toEqual({ level: "warn", entry: { event: "authentication-failed", reason: "unreachable", error: expect.stringContaining("connection reset") } });
    expect(run.log.text()).not.toContain("client-secret-value");
  });

  it("keeps the token and the client secret out of an error process-orders ends with, and so out of the result", async () => {
    world.grafx.tasks.set(guid(1), { state: "finished" });
    const session = new MemorySessionStorage();
    const putJson = session.putJson.bind(session);
    session.putJson = async (key, value) => {
      if (key === SESSION_KEYS.outcomes) throw new Error(`SessionStorage failed near ${[...world.grafx.validTokens].join(" ")} and client-secret-value`);
      return putJson(key, value);
    };
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }] }), { session });
    expect(world.grafx.validTokens.size).toBe(1);
    expect(run.statusCode).toBe(500);
    expect(run.result.error).toEqual({ name: "Error", message: "SessionStorage failed near [redacted] and [redacted]" });
  });
});
