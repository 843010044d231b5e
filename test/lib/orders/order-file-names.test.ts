/**
 * Order files and bookkeeping never share a name: an order id starting with "." (the namespace of
 * `.pending/` and of the runtime's `.loc-tmp-…` files, hidden from listings) is refused with a 400
 * naming it, and nothing is written for it.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { guid, newWorld, orderPayload, runExecution, type World } from "../steps/run-execution";

let world: World;

beforeEach(() => {
  world = newWorld();
});

describe("order file names", () => {
  it.each([".loc-tmp-victim", ".pending", ".hidden.pdf", "."])("refuses the order id %j with a 400 naming it, and writes nothing for it", async (orderId) => {
    world.grafx.tasks.set(guid(1), { state: "finished" });
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1), orderId, format: "pdf" }] }));
    expect(run.statusCode).toBe(400);
    expect(run.result.orders).toEqual([
      expect.objectContaining({ taskId: guid(1), orderId, state: "rejected", statusCode: 400, error: 'orders[0].orderId: must not start with "."' }),
    ]);
    expect([...world.store.files.keys()].filter((path) => !path.startsWith(".pending/"))).toEqual([]);
    expect(world.store.files.has(`.pending/${guid(1)}.json`)).toBe(false);
    expect(world.grafx.allRequests.filter((request) => request.url.includes(guid(1)))).toEqual([]);
  });

  it("rejects that order alone: the others of the batch are downloaded", async () => {
    world.grafx.tasks.set(guid(1), { state: "finished" });
    world.grafx.tasks.set(guid(2), { state: "finished" });
    const run = await runExecution(
      world,
      orderPayload({ orders: [{ taskId: guid(1), orderId: ".loc-tmp-victim", format: "pdf" }, { taskId: guid(2), orderId: "victim", format: "pdf" }] }),
    );
    expect(run.statusCode).toBe(400);
    expect(run.result.orders.map((order) => [order.state, order.statusCode])).toEqual([
      ["rejected", 400],
      ["downloaded", 200],
    ]);
    expect([...world.store.files.keys()].filter((path) => !path.startsWith(".pending/"))).toEqual(["acme/victim.pdf"]);
  });
});
