import { randomUUID } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ExecutionRecord, LogEntry, TriggerType } from "../../runtime/contract";
import { listTable } from "../../runtime/cli/list";
import { logLine } from "../../runtime/cli/output";
import { ExecutionStore } from "../../runtime/stores/execution-store";
import { runNode, type Outcome } from "../helpers/run-process";
import { fixture, REPO_ROOT, tempDir } from "./helpers";

const BIN = join(REPO_ROOT, "bin", "loc-local.js");

/** The CLI with stdout piped (not a terminal): list and logs answer JSON lines. */
function cli(args: string[], cwd: string, onStderr?: (text: string) => void): Promise<Outcome> {
  return runNode([BIN, ...args], { cwd, onStderr });
}

function jsonLines(text: string): Array<Record<string, unknown>> {
  return text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

function entry(executionId: string, message: string): LogEntry {
  return { executionId, time: new Date().toISOString(), level: "info", dataProcess: "orders", logic: "read", message };
}

function record(overrides: Partial<ExecutionRecord> & { dataProcess?: string; minutesAgo: number }): ExecutionRecord {
  const { dataProcess = "orders", minutesAgo, ...rest } = overrides;
  const triggered = new Date(Date.now() - minutesAgo * 60_000);
  const executionId = randomUUID();
  return {
    executionId,
    triggerType: "Manual" as TriggerType,
    triggerMetadata: {},
    triggeredAt: triggered.toISOString(),
    finishedAt: new Date(triggered.getTime() + 40).toISOString(),
    durationMs: 40,
    status: 200,
    result: {},
    timedOut: false,
    tasks: [{ dataProcess, taskId: randomUUID(), status: rest.status ?? 200, result: {}, timedOut: false }],
    logs: [entry(executionId, "hello")],
    ...rest,
  };
}

describe("loc-local list", () => {
  it("lists what `run` stored, then filters by data process, trigger and status, newest first", async () => {
    const cwd = await tempDir();
    await writeFile(join(cwd, "order.json"), JSON.stringify({ orderId: 7 }));
    const ran = await cli(["run", "--aggregator", fixture("echo-aggregator.ts"), "--payload", "order.json", "--state-dir", ".state"], cwd);
    expect(ran.code).toBe(0);
    const { executionId } = JSON.parse(ran.stdout) as { executionId: string };

    const store = new ExecutionStore(join(cwd, ".state"));
    const old = record({ minutesAgo: 60, status: 502, dataProcess: "billing" });
    const scheduled = record({ minutesAgo: 30, triggerType: "Schedule" });
    for (const stored of [old, scheduled]) await store.save(stored);

    const all = jsonLines((await cli(["list", "--state-dir", ".state"], cwd)).stdout);
    expect(all.map((line) => line.executionId)).toEqual([executionId, scheduled.executionId, old.executionId]);
    expect(all[0]).toMatchObject({ triggerType: "Manual", dataProcesses: ["local"], status: 200, timedOut: false });
    expect(all[0]).toHaveProperty("durationMs");

    const pick = async (...filter: string[]) =>
      jsonLines((await cli(["list", "--state-dir", ".state", ...filter], cwd)).stdout).map((line) => line.executionId);
    expect(await pick("--data-process", "billing")).toEqual([old.executionId]);
    expect(await pick("--trigger", "Schedule")).toEqual([scheduled.executionId]);
    expect(await pick("--status", "502")).toEqual([old.executionId]);
    expect(await pick("--limit", "1")).toEqual([executionId]);
  });

  it("refuses an unknown trigger or a bad number with exit 64, and lists nothing in an empty store", async () => {
    const cwd = await tempDir();
    const badTrigger = await cli(["list", "--state-dir", ".state", "--trigger", "Cron"], cwd);
    expect(badTrigger.code).toBe(64);
    expect(badTrigger.stderr).toMatch(/--trigger must be one of Manual, ApiRoute, MessageQueue, Schedule/);
    expect((await cli(["list", "--state-dir", ".state", "--limit", "0"], cwd)).code).toBe(64);
    expect(await cli(["list", "--state-dir", ".state"], cwd)).toMatchObject({ code: 0, stdout: "" });
  });

  it("shows a readable table on a terminal", () => {
    const lines = listTable([record({ minutesAgo: 1, status: 404, dataProcess: "orders" })]);
    expect(lines[0]).toMatch(/^EXECUTION\s+TRIGGERED\s+TRIGGER\s+DATA PROCESSES\s+STATUS\s+DURATION$/);
    expect(lines[1]).toMatch(/^[0-9a-f-]{36}\s+\S+Z\s+Manual\s+orders\s+404\s+40 ms$/);
  });
});

describe("loc-local logs", () => {
  it("prints an execution's log entries as JSON lines carrying its id, and a readable line with 8 of it", async () => {
    const cwd = await tempDir();
    await writeFile(join(cwd, "order.json"), JSON.stringify({ orderId: 7 }));
    const ran = await cli(["run", "--aggregator", fixture("echo-aggregator.ts"), "--payload", "order.json", "--state-dir", ".state"], cwd);
    const { executionId } = JSON.parse(ran.stdout) as { executionId: string };
    // The run's own stderr line names the execution too.
    expect(ran.stderr).toContain(` INFO  ${executionId.slice(0, 8)} local/echo-aggregator: echoing for task`);

    const logs = await cli(["logs", executionId, "--state-dir", ".state"], cwd);
    expect(logs.code).toBe(0);
    const [line, ...rest] = jsonLines(logs.stdout);
    expect(rest).toEqual([]);
    expect(line).toMatchObject({ executionId, level: "info", dataProcess: "local", logic: "echo-aggregator" });
    expect(logLine(line as unknown as LogEntry)).toMatch(
      new RegExp(`^\\S+Z INFO  ${executionId.slice(0, 8)} local/echo-aggregator: echoing for task [0-9a-f-]{36}$`),
    );
  });

  it("names a missing execution with exit 1 and a malformed id with exit 64", async () => {
    const cwd = await tempDir();
    const missing = await cli(["logs", randomUUID(), "--state-dir", ".state"], cwd);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^loc-local: logs: no execution [0-9a-f-]{36} in /);
    expect((await cli(["logs", "nope", "--state-dir", ".state"], cwd)).code).toBe(64);
  });

  it("-f waits for an execution another process is running, prints entries as they come, and ends when it finishes", async () => {
    const cwd = await tempDir();
    const store = new ExecutionStore(join(cwd, ".state"));
    const running = record({ minutesAgo: 0 });
    const { executionId } = running;
    let waiting!: () => void;
    const announced = new Promise<void>((resolve) => (waiting = resolve));
    const follower = cli(["logs", executionId, "-f", "--state-dir", ".state"], cwd, (stderr) => {
      if (stderr.includes("waiting for execution")) waiting();
    });
    await announced;
    // A runtime storing progress writes the record without finishedAt while it runs.
    await store.save({ ...running, finishedAt: "", logs: [entry(executionId, "first")] });
    await store.save({ ...running, logs: [entry(executionId, "first"), entry(executionId, "second")] });
    const outcome = await follower;
    expect(outcome.code).toBe(0);
    expect(jsonLines(outcome.stdout).map((line) => line.message)).toEqual(["first", "second"]);
    expect(outcome.stderr).toMatch(new RegExp(`execution ${executionId} finished \\(status 200, 40 ms\\)`));
  });
});

describe("get, list and logs with the repo's configuration", () => {
  it("read the configuration's state directory without needing the GraFx variables its data process needs", async () => {
    const cwd = await tempDir();
    const config = JSON.parse(await readFile(join(REPO_ROOT, "loc.config.json"), "utf8")) as Record<string, unknown>;
    await writeFile(join(cwd, "loc.config.json"), JSON.stringify({ ...config, stateDir: "env:TEST_STATE_DIR:-state" }));
    const stored = record({ minutesAgo: 1 });
    await new ExecutionStore(join(cwd, "state")).save(stored);
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("GRAFX_")));
    const run = (args: string[]) => runNode([BIN, ...args], { cwd, env });

    expect(jsonLines((await run(["list"])).stdout).map((line) => line.executionId)).toEqual([stored.executionId]);
    expect(JSON.parse((await run(["get", stored.executionId])).stdout)).toMatchObject({ executionId: stored.executionId });
    expect(jsonLines((await run(["logs", stored.executionId])).stdout)).toHaveLength(1);
    // A state directory that is itself an unset reference is still an error, naming it.
    await writeFile(join(cwd, "loc.config.json"), JSON.stringify({ ...config, stateDir: "env:TEST_STATE_DIR" }));
    const unset = await run(["list"]);
    expect(unset.code).toBe(1);
    expect(unset.stderr).toContain("stateDir: environment variable TEST_STATE_DIR is not set");
  });
});
