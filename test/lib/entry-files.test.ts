/**
 * The logic entry files as LOC loads them: with no class registered, LOC adopts `globalThis.run` and
 * `globalThis.handleError` only when `run.length === 1 && handleError.length === 2`, else it runs
 * nothing, silently. The SDK is replaced by stubs here: only the declared arities are checked.
 */
import { describe, expect, it, vi } from "vitest";

vi.mock("@fstnetwork/loc-logic-sdk", () => {
  const agent = {};
  return {
    FileStorageAgent: agent,
    HttpAgent: agent,
    LocalStorageAgent: agent,
    LoggingAgent: agent,
    LogicVariable: agent,
    ResultAgent: agent,
    SessionStorageAgent: agent,
  };
});

const ENTRIES = [
  "../../generic-logic/read-orders",
  "../../generic-logic/process-orders",
  "../../aggregator-logic/finalize-orders",
];

describe("logic entry files", () => {
  it.each(ENTRIES)("%s exports run(ctx) and handleError(ctx, error) with exactly the arities LOC adopts", async (entry) => {
    const module = (await import(entry)) as Record<string, unknown>;
    expect(Object.keys(module).sort()).toEqual(["handleError", "run"]);
    expect(typeof module.run).toBe("function");
    expect(typeof module.handleError).toBe("function");
    expect((module.run as () => unknown).length).toBe(1);
    expect((module.handleError as () => unknown).length).toBe(2);
  });
});
