import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, watch } from "node:fs";
import { mkdir, readdir, readFile, stat, utimes, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { isTempFileName, writeFileAtomic } from "../../runtime/stores/atomic-write";
import { removeStaleTempFiles } from "../../runtime/stores/stale-temp-files";
import { lockStateDir } from "../../runtime/stores/state-lock";
import { configOf, manually, REPO_ROOT, runtimeOf, tempDir } from "./helpers";

const BIG_WRITE = fileURLToPath(new URL("./fixtures/big-write.ts", import.meta.url));
const KILLED_WRITE = fileURLToPath(new URL("./fixtures/killed-write.ts", import.meta.url));
const HOLD_STATE_DIR = fileURLToPath(new URL("./fixtures/hold-state-dir.ts", import.meta.url));

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/** A TypeScript fixture in a child process of its own (so it can be killed with SIGKILL). */
function runFixture(fixture: string, args: string[]): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", fixture, ...args], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return child;
}

async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

/** Resolves with the child's first stdout line. */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes("\n")) resolve(text.split("\n")[0]!);
    });
    child.once("exit", (code) => reject(new Error(`the fixture exited (${code}) before printing a line`)));
  });
}

const HOUR = 3600_000;
const tempName = (n: number) => `.loc-tmp-00000000-0000-4000-8000-${String(n).padStart(12, "0")}.part`;

/** Resolves when a temporary file appears directly in `dir` (watching starts at once). */
function firstTempFileIn(dir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const watcher = watch(dir, (_event, name) => {
      if (name && isTempFileName(name)) {
        watcher.close();
        resolve(name);
      }
    });
    watcher.on("error", reject);
  });
}

async function tempFilesIn(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).filter((path) => isTempFileName(basename(path)));
}

/** "absent", "complete", or what is wrong with the file a logic wrote `sizeMiB` MiB of 7s to. */
async function stateOfBigFile(path: string, sizeMiB: number): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    return "absent";
  }
  if (bytes.length !== sizeMiB * 1024 * 1024) return `partial (${bytes.length} bytes)`;
  return bytes.every((byte) => byte === 7) ? "complete" : "corrupt";
}

async function bigWriteRuntime(variables: Record<string, string>) {
  const root = join(await tempDir(), "files");
  await mkdir(root);
  const runtime = runtimeOf(
    configOf(
      await tempDir(),
      { big: { generic: [BIG_WRITE], aggregator: "echo-aggregator.ts", variables } },
      { agents: { fileStorage: { files: { root } } } },
    ),
  );
  return { root, runtime };
}

describe("temporary files of a terminated task's writes", () => {
  it("are removed when the runtime closes while a large write is in flight", async () => {
    const { root, runtime } = await bigWriteRuntime({ SIZE_MIB: "128" });
    const tempFileCreated = firstTempFileIn(root);
    const started = runtime.start(manually(["big"]));
    await tempFileCreated;
    await runtime.close(0);
    const record = await started.done;
    expect(record).toMatchObject({ status: 202, timedOut: true });
    expect(await tempFilesIn(root)).toEqual([]);
    expect(["absent", "complete"]).toContain(await stateOfBigFile(join(root, "big.bin"), 128));
  });

  it("are gone when the execution times out while a file is rewritten, which is never left partial", async () => {
    const { root, runtime } = await bigWriteRuntime({ SIZE_MIB: "32", REPEAT: "forever" });
    const tempFileCreated = firstTempFileIn(root);
    // The data process's own timeout is 6 s at least; a test may ask the executor for less.
    const record = await runtime.execute({ ...manually(["big"]), timeoutMs: 3_000 });
    await tempFileCreated;
    expect(record).toMatchObject({ status: 202, timedOut: true });
    expect(await tempFilesIn(root)).toEqual([]);
    expect(["absent", "complete"]).toContain(await stateOfBigFile(join(root, "big.bin"), 32));
  });
});

describe("atomic writes", () => {
  it("announce their temporary file before creating it and once it is gone, failures included", async () => {
    const dir = await tempDir();
    const events: string[] = [];
    const tempFiles = {
      opened: (path: string) => events.push(`opened ${isTempFileName(basename(path)) ? "a temporary file" : path}, on disk: ${existsSync(path)}`),
      done: (path: string) => events.push(`done, on disk: ${existsSync(path)}`),
    };
    await writeFileAtomic(join(dir, "a.txt"), "A", { tempFiles });
    await expect(writeFileAtomic(join(dir, "no-such-dir", "b.txt"), "B", { tempFiles })).rejects.toMatchObject({ code: "ENOENT" });
    expect(events).toEqual([
      "opened a temporary file, on disk: false",
      "done, on disk: false",
      "opened a temporary file, on disk: false",
      "done, on disk: false",
    ]);
    expect(await readdir(dir)).toEqual(["a.txt"]);
  });

  it("name their temporary file .loc-tmp-<uuid>.part, never with the extension of the output", async () => {
    const dir = await tempDir();
    const names: string[] = [];
    await writeFileAtomic(join(dir, "flyer-001.pdf"), "%PDF", { tempFiles: { opened: (path) => names.push(basename(path)), done: () => undefined } });
    expect(names).toEqual([expect.stringMatching(/^\.loc-tmp-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.part$/)]);
    expect(isTempFileName(names[0]!)).toBe(true);
    // An output's name, however much it looks like one, is never taken for a temporary file.
    for (const output of [".loc-tmp-victim.pdf", ".loc-tmp-.part", "flyer-001.pdf", `${names[0]}.pdf`]) expect(isTempFileName(output)).toBe(false);
  });

  it("killed with kill -9 mid-write leave no file named like the output, and the next start removes what they left", async () => {
    const root = join(await tempDir(), "orders");
    const dir = join(root, "sim-env");
    await mkdir(dir, { recursive: true });
    const tempFileCreated = firstTempFileIn(dir);
    const writer = runFixture(KILLED_WRITE, [join(dir, "flyer-001.pdf"), "128"]);
    await tempFileCreated;
    await killHard(writer);

    const left = await readdir(dir);
    expect(left).toEqual([expect.stringMatching(/^\.loc-tmp-.*\.part$/)]);
    expect(left.filter((name) => name.endsWith(".pdf"))).toEqual([]);

    const runtime = runtimeOf(configOf(await tempDir(), {}, { agents: { fileStorage: { orders: { root } } } }));
    await runtime.close(0);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe("temporary files left over, at start", () => {
  /** Temporary files of every age in the state directory and a storage root, and files that are not. */
  async function leftovers() {
    const stateDir = await tempDir();
    const root = join(await tempDir(), "files");
    const temps = [
      join(stateDir, "local-storage", "orders", tempName(1)),
      join(stateDir, "executions", tempName(2)),
      join(root, "deep", "er", tempName(3)),
      join(root, tempName(4)),
      // What an earlier version named them.
      join(root, `${tempName(5).slice(0, -".part".length)}-big.pdf`),
    ];
    const kept = [join(root, "deep", "er", "real.pdf"), join(root, "sim-env", ".loc-tmp-victim.pdf"), join(stateDir, "executions", "old-but-real.json")];
    for (const path of [...temps, ...kept]) {
      await mkdir(join(path, ".."), { recursive: true });
      await writeFile(path, "x");
    }
    // Some just written, some days old (the order file named like a temporary one too).
    const daysAgo = new Date(Date.now() - 72 * HOUR);
    for (const path of [temps[0]!, temps[2]!, kept[0]!, kept[1]!]) await utimes(path, daysAgo, daysAgo);
    const config = configOf(stateDir, {}, { agents: { fileStorage: { files: { root } } } });
    return { stateDir, temps, kept, config };
  }

  const exists = (path: string) => stat(path).then(() => true, () => false);

  it("are all removed, of any age, by a runtime alone with the state directory; other files are left alone", async () => {
    const { temps, kept, config } = await leftovers();
    await runtimeOf(config).close(0);
    for (const path of temps) expect(await exists(path)).toBe(false);
    for (const path of kept) expect(await exists(path)).toBe(true);
  });

  it("are all kept while another runtime holds the state directory, and removed once it was killed (its lock is taken over)", async () => {
    const { stateDir, temps, kept, config } = await leftovers();
    const holder = runFixture(HOLD_STATE_DIR, [stateDir]);
    expect(await firstLine(holder)).toBe("held");

    await runtimeOf(config).close(0);
    for (const path of [...temps, ...kept]) expect(await exists(path)).toBe(true);
    // The second runtime let go of the state directory when it closed; the first still holds it.
    expect(await readdir(join(stateDir, "locks"))).toEqual([expect.stringMatching(new RegExp(`^${holder.pid}-.*\\.lock$`))]);

    await killHard(holder);
    await runtimeOf(config).close(0);
    for (const path of temps) expect(await exists(path)).toBe(false);
    for (const path of kept) expect(await exists(path)).toBe(true);
    expect(await readdir(join(stateDir, "locks"))).toEqual([]);
  });

  it("are never this process's own writes still in flight", async () => {
    const dir = await tempDir();
    const tempFileCreated = firstTempFileIn(dir);
    const writing = writeFileAtomic(join(dir, "big.pdf"), new Uint8Array(64 * 1024 * 1024).fill(7));
    const name = await tempFileCreated;

    const outcome = await removeStaleTempFiles([dir], { otherHolders: async () => [] });

    expect(outcome).toEqual({ kind: "swept", removed: [] });
    await writing;
    expect(await readdir(dir)).toEqual(["big.pdf"]);
    expect(name).toMatch(/\.part$/);
  });

  it("are kept when a runtime started between the sweep's two looks", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, tempName(1)), "x");
    const looks = [[], [join(dir, "locks", "123-other.lock")]];
    const outcome = await removeStaleTempFiles([dir], { otherHolders: async () => looks.shift() ?? [] });
    expect(outcome).toMatchObject({ kind: "skipped" });
    expect(await readdir(dir)).toEqual([tempName(1)]);
  });
});

describe("the state directory lock", () => {
  it("is held by a runtime from its start until it closes", async () => {
    const stateDir = await tempDir();
    const runtime = runtimeOf(configOf(stateDir, {}));
    const probe = await lockStateDir(stateDir);
    await expect.poll(() => probe.otherHolders()).toHaveLength(1);
    await runtime.close(0);
    expect(await probe.otherHolders()).toEqual([]);
    await probe.release();
    expect(await readdir(join(stateDir, "locks"))).toEqual([]);
  });
});
