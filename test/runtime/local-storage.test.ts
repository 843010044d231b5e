import { chmod, mkdir, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { TaskScope } from "../../runtime/agents/agent";
import { DEFAULT_TIMEOUT_SECONDS, LocalStore, localStorageAgent, MAX_TIMEOUT_SECONDS } from "../../runtime/agents/local-storage";
import { SessionStore, sessionStorageAgent } from "../../runtime/agents/session-storage";
import { configSchema } from "../../runtime/config/schema";
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
    // The record is written after the answer: closing waits for it.
    await runtime.close();
    const modeOf = async (path: string) => ((await stat(path)).mode & 0o777).toString(8);

    const valuesDir = join(stateDir, "local-storage", "counter");
    const [valueFile] = await readdir(valuesDir);
    expect(await modeOf(valuesDir)).toBe("700");
    expect(await modeOf(join(valuesDir, valueFile!))).toBe("600");
    expect(await modeOf(join(stateDir, "executions"))).toBe("700");
    expect(await modeOf(join(stateDir, "executions", `${record.executionId}.json`))).toBe("600");
  });
});

describe("local storage expiry, as LOC keeps it", () => {
  const start = Date.parse("2025-01-01T00:00:00Z");

  it("forgets a value put without a timeout after 300 s", async () => {
    let now = start;
    const store = new LocalStore(await tempDir(), "orders", () => now);
    await store.put("token", { String: "t" });
    now += (DEFAULT_TIMEOUT_SECONDS - 1) * 1000;
    expect(await store.get("token")).toBe("t");
    now += 1000;
    expect(await store.get("token")).toBeNull();
  });

  it("keeps a value up to 86,400 s when asked", async () => {
    let now = start;
    const store = new LocalStore(await tempDir(), "orders", () => now);
    await store.put("day", { Json: { n: 1 } }, MAX_TIMEOUT_SECONDS);
    now += (MAX_TIMEOUT_SECONDS - 1) * 1000;
    expect(await store.get("day")).toEqual({ n: 1 });
    now += 1000;
    expect(await store.get("day")).toBeNull();
  });

  it.each([MAX_TIMEOUT_SECONDS + 1, 0, -5, Number.NaN, Number.POSITIVE_INFINITY])("refuses a timeout of %s s with a RangeError naming the limit, keeping nothing", async (timeout) => {
    const stateDir = await tempDir();
    const store = new LocalStore(stateDir, "orders");
    await expect(store.put("k", { String: "v" }, timeout)).rejects.toMatchObject({
      name: "RangeError",
      message: expect.stringContaining("at most 86400 seconds"),
    });
    expect(await store.get("k")).toBeNull();
  });

  it("takes LOC's put entry through op_local_storage_agent_put: no timeout (or null) is 300 s, a bad one the logic's RangeError", async () => {
    let now = start;
    const stateDir = await tempDir();
    const config = configSchema.parse({ dataProcesses: {} });
    const { ops } = localStorageAgent({ config, stateDir, now: () => now }).attach({ dataProcess: "orders" } as TaskScope);
    const caller = { logic: { name: "l", kind: "generic" as const, permanentIdentity: "p", revision: 1 } };

    await ops.op_local_storage_agent_put!(caller, { key: "a", value: { String: "A" } });
    await ops.op_local_storage_agent_put!(caller, { key: "b", value: { ByteArray: new Uint8Array([1, 2]) }, timeout: null });
    await ops.op_local_storage_agent_put!(caller, { key: "c", value: { Json: [1] }, timeout: 600 });
    await expect(ops.op_local_storage_agent_put!(caller, { key: "d", value: { String: "D" }, timeout: 100_000 })).rejects.toMatchObject({ name: "RangeError" });
    await expect(ops.op_local_storage_agent_put!(caller, { key: "e", value: { String: "E" }, timeout: "60" })).rejects.toThrow(/op_local_storage_agent_put: timeout/);

    now += DEFAULT_TIMEOUT_SECONDS * 1000;
    expect(await ops.op_local_storage_agent_get!(caller, "a")).toBeNull();
    expect(await ops.op_local_storage_agent_get!(caller, "b")).toBeNull();
    expect(await ops.op_local_storage_agent_get!(caller, "c")).toEqual([1]);
  });
});

describe("session storage", () => {
  const caller = { logic: { name: "l", kind: "generic" as const, permanentIdentity: "p", revision: 1 } };
  const attach = (session: SessionStore) =>
    sessionStorageAgent({ config: configSchema.parse({ dataProcesses: {} }), stateDir: "/nonexistent", now: Date.now }).attach({ session } as TaskScope).ops;

  it("answers true to a put, and keeps each task's values to that task", async () => {
    const one = attach(new SessionStore());
    const other = attach(new SessionStore());
    expect(await one.op_session_storage_agent_put!(caller, { key: "workSet", value: { Json: { orders: [1] } } })).toBe(true);
    expect(await one.op_session_storage_agent_get!(caller, "workSet")).toEqual({ orders: [1] });
    expect(await other.op_session_storage_agent_get!(caller, "workSet")).toBeNull();
  });

  it("keeps its own copy of bytes: exactly their length, whatever the logic's array becomes", async () => {
    const ops = attach(new SessionStore());
    const message = new Uint8Array(1024).fill(9);
    const bytes = message.subarray(10, 14);
    await ops.op_session_storage_agent_put!(caller, { key: "b", value: { ByteArray: bytes } });
    message.fill(0);
    const kept = (await ops.op_session_storage_agent_get!(caller, "b")) as Uint8Array;
    expect(kept).toEqual(new Uint8Array([9, 9, 9, 9]));
    expect(kept.buffer.byteLength).toBe(4);
  });
});
