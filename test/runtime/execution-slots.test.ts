import { describe, expect, it } from "vitest";
import { ExecutionSlots, ExecutorBusyError } from "../../runtime/executor/execution-slots";

describe("execution slots", () => {
  it("runs at most maxRunning at once, queues at most maxQueued, and refuses past them", async () => {
    const slots = new ExecutionSlots(2, 1);
    const first = await slots.enterOrRefuse();
    const second = await slots.enterOrRefuse();
    let thirdGranted = false;
    const third = slots.enterOrRefuse().then((release) => ((thirdGranted = true), release));
    expect(() => slots.enterOrRefuse()).toThrow(ExecutorBusyError);
    expect(slots.counts).toEqual({ running: 2, queued: 1 });
    first();
    const release = await third;
    expect(thirdGranted).toBe(true);
    expect(slots.counts).toEqual({ running: 2, queued: 0 });
    second();
    release();
    expect(slots.counts).toEqual({ running: 0, queued: 0 });
  });

  it("lets triggers that pace themselves wait past the queue bound, in arrival order", async () => {
    const slots = new ExecutionSlots(1, 0);
    const holder = await slots.enter();
    const order: number[] = [];
    const waiters = [1, 2, 3].map((n) => slots.enter().then((release) => (order.push(n), release)));
    expect(() => slots.enterOrRefuse()).toThrow(/busy: 1 executions running and 3 waiting/);
    holder();
    for (const waiter of waiters) (await waiter)();
    expect(order).toEqual([1, 2, 3]);
  });

  it("releases a slot once, however often its release is called", async () => {
    const slots = new ExecutionSlots(1, 5);
    const release = await slots.enter();
    release();
    release();
    expect(slots.counts.running).toBe(0);
  });
});
