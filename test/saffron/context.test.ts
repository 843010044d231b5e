import { describe, expect, it } from "vitest";
import { createIsolate, TASK } from "./isolate";

describe("the logic's context", () => {
  it("answers task synchronously, fetched once, with the older aliases", async () => {
    const { saffron, callsOf } = await createIsolate();
    const { context } = saffron.runtime;
    const task = context.task;
    expect(task).not.toBeInstanceOf(Promise);
    expect(task).toMatchObject({
      ...TASK,
      taskId: { id: "task-1", executionId: "exec-1" },
      startAt: "2024-05-01T10:00:00.000Z",
    });
    expect(context.task).toBe(task);
    expect(callsOf("op_fetch_task")).toHaveLength(1);
  });

  it("fetches the payload on first use, once", async () => {
    const { saffron, callsOf } = await createIsolate({ kind: "aggregator" });
    const { context } = saffron.runtime;
    expect(callsOf("op_fetch_payload")).toHaveLength(0);
    const [first, second] = await Promise.all([context.payload(), context.payload()]);
    expect(first).toEqual({ http: { requestId: "req-1" } });
    expect(second).toBe(first);
    expect(await context.payload()).toBe(first);
    expect(callsOf("op_fetch_payload")).toHaveLength(1);
  });

  it("does not keep a failed payload fetch", async () => {
    let attempts = 0;
    const { saffron } = await createIsolate({
      answers: {
        op_fetch_payload: () => {
          attempts += 1;
          if (attempts === 1) throw new Error("host busy");
          return { messageQueue: { data: [1] } };
        },
      },
    });
    await expect(saffron.runtime.context.payload()).rejects.toThrow("host busy");
    await expect(saffron.runtime.context.payload()).resolves.toEqual({ messageQueue: { data: [1] } });
  });
});
