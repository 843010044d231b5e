import { mkdtemp, readdir, rm, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ExecutionRecord } from "../../runtime/contract";
import { ExecutionStore, PRUNE_INTERVAL_MS } from "../../runtime/stores/execution-store";

const HOUR = 3600_000;

function record(executionId: string): ExecutionRecord {
  const time = new Date().toISOString();
  return {
    executionId,
    triggerType: "Schedule",
    triggerMetadata: {},
    triggeredAt: time,
    finishedAt: time,
    durationMs: 1,
    status: 200,
    result: {},
    timedOut: false,
    tasks: [],
    logs: [],
  };
}

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

describe("execution store retention", () => {
  let stateDir: string;
  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), "executions-"));
  });
  afterEach(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  it("removes records older than the retention period and keeps the recent ones readable", async () => {
    const store = new ExecutionStore(stateDir, 24 * HOUR);
    await store.save(record(id(1)));
    await store.save(record(id(2)));
    const twoDaysAgo = new Date(Date.now() - 48 * HOUR);
    await utimes(join(store.dir, `${id(1)}.json`), twoDaysAgo, twoDaysAgo);

    expect(await store.prune()).toBe(1);
    expect(await store.get(id(1))).toBeUndefined();
    expect((await store.get(id(2)))?.executionId).toBe(id(2));
  });

  it("prunes by itself as records keep coming (a schedule running for days does not fill the disk)", async () => {
    const store = new ExecutionStore(stateDir, HOUR);
    await store.save(record(id(0)));
    const twoHoursAgo = new Date(Date.now() - 2 * HOUR);
    await utimes(join(store.dir, `${id(0)}.json`), twoHoursAgo, twoHoursAgo);
    for (let n = 1; n <= 64; n++) await store.save(record(id(n)));
    const names = await readdir(store.dir);
    expect(names).not.toContain(`${id(0)}.json`);
    expect(names.filter((name) => name.endsWith(".json"))).toHaveLength(64);
  });

  it("prunes at most once per interval however fast records come (a prune reads every stored file)", async () => {
    const store = new ExecutionStore(stateDir, HOUR);
    for (let n = 1; n <= 64; n++) await store.save(record(id(n)));
    const twoHoursAgo = new Date(Date.now() - 2 * HOUR);
    await utimes(join(store.dir, `${id(1)}.json`), twoHoursAgo, twoHoursAgo);
    // 64 more saves right after the first prune: not yet another one, the old record stays.
    for (let n = 65; n <= 128; n++) await store.save(record(id(n)));
    expect(await readdir(store.dir)).toContain(`${id(1)}.json`);
    // Once the interval has passed, the next 64 saves prune again.
    const later = Date.now() + PRUNE_INTERVAL_MS;
    const now = vi.spyOn(Date, "now").mockReturnValue(later);
    try {
      for (let n = 129; n <= 192; n++) await store.save(record(id(n)));
    } finally {
      now.mockRestore();
    }
    expect(await readdir(store.dir)).not.toContain(`${id(1)}.json`);
  });

  it("keeps everything when no retention is set", async () => {
    const store = new ExecutionStore(stateDir);
    await store.save(record(id(1)));
    const old = new Date(Date.now() - 1000 * HOUR);
    await utimes(join(store.dir, `${id(1)}.json`), old, old);
    expect(await store.prune()).toBe(0);
    expect(await store.get(id(1))).toBeDefined();
  });
});

describe("execution store directory", () => {
  it("makes its directory once, and again when it was removed while the store was in use", async () => {
    const stateDir = await mkdtemp(join(tmpdir(), "executions-"));
    try {
      const store = new ExecutionStore(stateDir);
      await store.save(record(id(1)));
      await rm(join(stateDir, "executions"), { recursive: true });
      await store.save(record(id(2)));
      await store.saveInput({ executionId: id(2), dataProcesses: ["p"], triggerType: "Manual", triggerMetadata: {}, payload: {} });
      expect((await readdir(join(stateDir, "executions"))).sort()).toEqual([`${id(2)}.input.json`, `${id(2)}.json`]);
      expect(await store.getInput(id(2))).toMatchObject({ dataProcesses: ["p"] });
    } finally {
      await rm(stateDir, { recursive: true, force: true });
    }
  });
});
