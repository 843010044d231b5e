import { execFileSync } from "node:child_process";
import { mkdir, open, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { tempDir } from "./helpers";

// What the small-file path calls, in order: durability must come before the rename.
const calls: string[] = [];
vi.mock("node:fs", async (original) => {
  const fs = await original<typeof import("node:fs")>();
  return {
    ...fs,
    fsync: (fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
      calls.push("fsync");
      fs.fsync(fd, callback);
    },
  };
});
vi.mock("node:fs/promises", async (original) => {
  const fs = await original<typeof import("node:fs/promises")>();
  return {
    ...fs,
    rename: async (from: string, to: string) => {
      calls.push("rename");
      await fs.rename(from, to);
    },
  };
});

const { writeFileAtomic } = await import("../../runtime/stores/atomic-write");
const { readFileQuickly, SMALL_FILE_BYTES } = await import("../../runtime/stores/small-files");

afterEach(() => {
  calls.length = 0;
});

function patterned(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 7 + 3) & 0xff);
}

describe("small files", () => {
  it("reads small files, files just past the small bound and empty files byte for byte", async () => {
    const dir = await tempDir();
    for (const length of [0, 300, SMALL_FILE_BYTES, SMALL_FILE_BYTES + 1, 3 * SMALL_FILE_BYTES]) {
      const bytes = patterned(length);
      await writeFile(join(dir, `f${length}`), bytes);
      const read = await readFileQuickly(join(dir, `f${length}`));
      expect(read).toBeInstanceOf(Uint8Array);
      expect(Buffer.isBuffer(read)).toBe(false);
      expect(Buffer.from(read).equals(Buffer.from(bytes))).toBe(true);
    }
  });

  it("fails as the asynchronous read does: a missing file ENOENT, a directory EISDIR", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "sub"));
    await expect(readFileQuickly(join(dir, "missing"))).rejects.toMatchObject({ code: "ENOENT" });
    await expect(readFileQuickly(join(dir, "sub"))).rejects.toMatchObject({ code: "EISDIR" });
  });

  it("never holds the event loop on a FIFO: it is read asynchronously, once a writer comes", async () => {
    const dir = await tempDir();
    const fifo = join(dir, "pipe");
    execFileSync("mkfifo", [fifo]);
    const read = readFileQuickly(fifo);
    // Only this thread can open the writing end: had the read blocked it, this would never run.
    const writer = await open(fifo, "w");
    await writer.writeFile("through the pipe");
    await writer.close();
    expect(new TextDecoder().decode(await read)).toBe("through the pipe");
  });

  it("writes a small file durably before it becomes visible, with the mode asked for and no temporary file left", async () => {
    const dir = await tempDir();
    await writeFileAtomic(join(dir, "record.json"), '{"a":"ü"}', { mode: 0o600 });
    expect(calls).toEqual(["fsync", "rename"]);
    expect(await readFile(join(dir, "record.json"), "utf8")).toBe('{"a":"ü"}');
    expect((await stat(join(dir, "record.json"))).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(["record.json"]);
  });

  it("replaces a file with small bytes and with large ones alike", async () => {
    const dir = await tempDir();
    const target = join(dir, "out.bin");
    for (const length of [10, SMALL_FILE_BYTES + 10, 20]) {
      const bytes = patterned(length);
      await writeFileAtomic(target, bytes);
      expect(Buffer.from(await readFile(target)).equals(Buffer.from(bytes))).toBe(true);
    }
    expect(await readdir(dir)).toEqual(["out.bin"]);
  });

  it("leaves nothing behind when a small write cannot be made", async () => {
    const dir = await tempDir();
    await expect(writeFileAtomic(join(dir, "no-such-dir", "x.json"), "{}")).rejects.toMatchObject({ code: "ENOENT" });
    await mkdir(join(dir, "taken"));
    // The target is a directory: the rename fails, the temporary file is removed.
    await expect(writeFileAtomic(join(dir, "taken"), "{}")).rejects.toMatchObject({ code: "EISDIR" });
    expect(await readdir(dir)).toEqual(["taken"]);
  });
});
