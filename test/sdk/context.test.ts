import { afterEach, describe, expect, it } from "vitest";
import { AggregatorContext, GenericContext, __createContext } from "@fstnetwork/loc-logic-sdk";
import { installFakeDeno, task, type FakeDeno } from "./fakeDeno";


let deno: FakeDeno;
afterEach(() => deno.restore());

describe("__createContext", () => {
  it("gives the task synchronously, with the older aliases filled in", async () => {
    deno = installFakeDeno({ op_fetch_task: () => task });
    const ctx = await __createContext("generic");
    expect(ctx).toBeInstanceOf(GenericContext);
    expect(ctx.task.taskKey).toEqual({ executionId: "exec-1", taskId: "task-1" });
    expect(ctx.task.taskId).toEqual({ id: "task-1", executionId: "exec-1" });
    expect(ctx.task.startAt).toBe("2025-01-01T00:00:00.000Z");
    expect(await __createContext("aggregator")).toBeInstanceOf(AggregatorContext);
  });

  it("fetches the payload once, on first use", async () => {
    const payload = { messageQueue: { clientIdentityContext: { id: "c", name: "c" }, data: [1], subscriber: {} } };
    deno = installFakeDeno({ op_fetch_task: () => task, op_fetch_payload: () => payload });
    const ctx = await __createContext("generic");
    expect(deno.callsOf("op_fetch_payload")).toHaveLength(0);
    expect(await ctx.payload()).toBe(payload);
    expect(await ctx.payload()).toBe(payload);
    expect(deno.callsOf("op_fetch_payload")).toHaveLength(1);
  });
});
