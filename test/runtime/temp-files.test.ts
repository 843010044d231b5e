import { existsSync, watch } from "node:fs";
import { mkdir, readdir, readFile, stat, utimes, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isTempFileName, writeFileAtomic } from "../../runtime/stores/atomic-write";
import { STALE_TEMP_FILE_AGE_MS } from "../../runtime/stores/stale-temp-files";
import { configOf, manually, runtimeOf, tempDir } from "./helpers";

const BIG_WRITE = fileURLToPath(new URL("./fixtures/big-write.ts", import.meta.url));

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
});

describe("stale temporary files at start", () => {
  it("are removed from the state directory and the storage roots once an hour old; younger ones may be another runtime's", async () => {
    const stateDir = await tempDir();
    const root = join(await tempDir(), "files");
    const old = [join(stateDir, "local-storage", "orders", ".loc-tmp-a-x.json"), join(root, "deep", "er", ".loc-tmp-b-big.pdf")];
    const young = [join(stateDir, "executions", ".loc-tmp-c-e.json"), join(root, ".loc-tmp-d-out.pdf")];
    const kept = [...young, join(root, "deep", "er", "real.pdf"), join(stateDir, "executions", "old-but-real.json")];
    const hourAndMinuteAgo = new Date(Date.now() - STALE_TEMP_FILE_AGE_MS - 60_000);
    for (const path of [...old, ...kept]) {
      await mkdir(join(path, ".."), { recursive: true });
      await writeFile(path, "x");
    }
    for (const path of [...old, kept.at(-2)!, kept.at(-1)!]) await utimes(path, hourAndMinuteAgo, hourAndMinuteAgo);

    const runtime = runtimeOf(configOf(stateDir, {}, { agents: { fileStorage: { files: { root } } } }));
    await runtime.close(0);

    for (const path of old) await expect(stat(path)).rejects.toMatchObject({ code: "ENOENT" });
    for (const path of kept) expect((await stat(path)).isFile()).toBe(true);
  });
});
