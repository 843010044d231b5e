import { describe, expect, it } from "vitest";
import { createLimiter, mapConcurrently } from "../../lib/concurrency";

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("mapConcurrently", () => {
  it("never runs more than the limit at once, and keeps the results in order", async () => {
    let running = 0;
    let peak = 0;
    const results = await mapConcurrently(Array.from({ length: 40 }, (_, i) => i), 5, async (item) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, item % 3));
      running--;
      return item * 2;
    });
    expect(peak).toBe(5);
    expect(results).toEqual(Array.from({ length: 40 }, (_, i) => i * 2));
  });

  it("lets every other item finish while one item hangs", async () => {
    const slow = deferred();
    const finished: number[] = [];
    const all = mapConcurrently([0, 1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      if (item === 0) await slow.promise;
      finished.push(item);
      return item;
    });
    // Everything but the slow item completes through the two remaining slots.
    await expect.poll(() => finished.length).toBe(7);
    expect(finished).not.toContain(0);
    slow.resolve();
    await expect(all).resolves.toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("passes a failure on without stopping the other items", async () => {
    const done: number[] = [];
    await expect(
      mapConcurrently([1, 2, 3], 2, async (item) => {
        if (item === 1) throw new Error("boom");
        done.push(item);
      }),
    ).rejects.toThrow("boom");
    await expect.poll(() => done.length).toBe(2);
  });
});

describe("createLimiter", () => {
  it("hands a freed slot to the next waiter, not to a newcomer", async () => {
    const limit = createLimiter(1);
    const gate = deferred();
    const order: string[] = [];
    const first = limit(async () => {
      await gate.promise;
      order.push("first");
    });
    const second = limit(async () => void order.push("second"));
    gate.resolve();
    await first;
    const third = limit(async () => void order.push("third"));
    await Promise.all([second, third]);
    expect(order).toEqual(["first", "second", "third"]);
  });

  it("refuses a limit below 1", () => {
    expect(() => createLimiter(0)).toThrow(RangeError);
  });
});
