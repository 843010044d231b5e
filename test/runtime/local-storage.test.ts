import { chmod, mkdir, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LocalStore } from "../../runtime/agents/local-storage";
import { configOf, manually, runtimeOf, tempDir } from "./helpers";

function counterConfig(stateDir: string, variables: Record<string, string> = {}) {
  return configOf(stateDir, {
    counter: { generic: ["counter-generic.ts"], aggregator: "report-session.ts", variables: { REPORT_KEYS: "count", ...variables } },
  });
}

const countOf = (result: Record<string, unknown>) => (result.session as { count: number }).count;

describe("local storage", () => {
  it("persists across executions and runtime restarts; executions stay readable by id", async () => {
    const stateDir = await tempDir();
    const first = runtimeOf(counterConfig(stateDir));
    const one = await first.execute(manually(["counter"]));
    expect(countOf(one.result)).toBe(1);
    expect(countOf((await first.execute(manually(["counter"]))).result)).toBe(2);
    await first.close();

    const restarted = runtimeOf(counterConfig(stateDir));
    expect(countOf((await restarted.execute(manually(["counter"]))).result)).toBe(3);
    expect(await restarted.getExecution(one.executionId)).toEqual(one);
    expect(await restarted.getExecution("00000000-0000-4000-8000-000000000001")).toBeUndefined();
    expect(await restarted.getExecution("../../etc/passwd")).toBeUndefined();
  });

  it("forgets a key once its timeout has passed", async () => {
    let now = Date.parse("2025-01-01T00:00:00Z");
    const runtime = runtimeOf(counterConfig(await tempDir(), { TIMEOUT_SECONDS: "60" }), { now: () => now });
    expect(countOf((await runtime.execute(manually(["counter"]))).result)).toBe(1);
    now += 59_000;
    expect(countOf((await runtime.execute(manually(["counter"]))).result)).toBe(2);
    now += 61_000;
    expect(countOf((await runtime.execute(manually(["counter"]))).result)).toBe(1);
  });

  it("stores strings, JSON and bytes as given, one file per key, any key", async () => {
    const stateDir = await tempDir();
    const store = new LocalStore(stateDir, "orders");
    const key = "../weird/key with spaces ✓";
    await store.put(key, { ByteArray: new Uint8Array([0, 255, 7]) });
    await store.put("text", { String: "hello" });
    await store.put("json", { Json: { a: [1, null] } });
    expect(await new LocalStore(stateDir, "orders").get(key)).toEqual(new Uint8Array([0, 255, 7]));
    expect(await store.get("text")).toBe("hello");
    expect(await store.get("json")).toEqual({ a: [1, null] });
    expect(await new LocalStore(stateDir, "other").get("text")).toBeNull();
    expect(await readdir(join(stateDir, "local-storage", "orders"))).toHaveLength(3);
    await store.delete("text");
    expect(await store.get("text")).toBeNull();
  });

  it("keeps values and execution records readable by their owner only (a cached token must not leak to other users)", async () => {
    const stateDir = await tempDir();
    // A directory an older runtime made with the default mode is tightened on the next write.
    await mkdir(join(stateDir, "executions"), { mode: 0o755 });
    await chmod(join(stateDir, "executions"), 0o755);
    const runtime = runtimeOf(counterConfig(stateDir));
    const record = await runtime.execute(manually(["counter"]));
    const modeOf = async (path: string) => ((await stat(path)).mode & 0o777).toString(8);

    const valuesDir = join(stateDir, "local-storage", "counter");
    const [valueFile] = await readdir(valuesDir);
    expect(await modeOf(valuesDir)).toBe("700");
    expect(await modeOf(join(valuesDir, valueFile!))).toBe("600");
    expect(await modeOf(join(stateDir, "executions"))).toBe("700");
    expect(await modeOf(join(stateDir, "executions", `${record.executionId}.json`))).toBe("600");
  });
});
