import { mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { TaskScope } from "../../runtime/agents/agent";
import { confinedPath, fileStorageAgent, FileStorageRoot } from "../../runtime/agents/file-storage";
import { configSchema } from "../../runtime/config/schema";
import { ByteStreamError, IncomingBytes } from "../../runtime/isolate/byte-stream";
import { isBeingWritten, isTempFileName } from "../../runtime/stores/atomic-write";
import { tempDir } from "./helpers";

async function storage() {
  const base = await tempDir();
  const root = join(base, "root");
  const outside = join(base, "outside");
  await mkdir(root);
  await mkdir(outside);
  await writeFile(join(outside, "secret.txt"), "outside");
  return { root, outside, files: new FileStorageRoot("orders", root) };
}

describe("file storage confinement", () => {
  it.each([
    ["../x", /escapes the storage root/],
    ["a/../../x", /escapes the storage root/],
    ["..", /escapes the storage root/],
    ["/../etc/passwd", /escapes the storage root/],
    ["//..", /escapes the storage root/],
    ["C:\\windows", /drive letters are not allowed/],
    ["c:/x", /drive letters are not allowed/],
    ["a\\..\\..\\x", /escapes the storage root/],
    ["a\0b", /NUL character/],
  ])("refuses %j", (path, why) => {
    expect(() => confinedPath("orders", path)).toThrow(why);
  });

  it.each([
    ["a/b.json", "a/b.json"],
    ["./a//b/", "a/b"],
    ["a/../b", "b"],
    ["", ""],
    [".", ""],
    ["/", ""],
    ["/test_dir/test_file_1.txt", "test_dir/test_file_1.txt"],
    ["//etc/passwd", "etc/passwd"],
    ["\\dir\\a.txt", "dir/a.txt"],
  ])("keeps %j inside as %j", (path, expected) => {
    expect(confinedPath("orders", path)).toBe(expected);
  });

  it("refuses a symbolic link leading out of the root, for every operation", async () => {
    const { root, outside, files } = await storage();
    await symlink(outside, join(root, "out"));
    const refused = { name: "PermissionDenied", message: expect.stringMatching(/symbolic link leads outside the storage root/) };
    await expect(files.simpleGet("out/secret.txt")).rejects.toMatchObject(refused);
    await expect(files.simplePut("out/new.txt", new Uint8Array([1]), false)).rejects.toMatchObject(refused);
    await expect(files.simplePut("out/deep/new.txt", new Uint8Array([1]), true)).rejects.toMatchObject(refused);
    await expect(files.list("out")).rejects.toMatchObject(refused);
    await expect(files.createDirAll("out/sub")).rejects.toMatchObject(refused);
    await expect(files.delete("out/secret.txt")).rejects.toMatchObject(refused);
    // Deleting the link itself is fine: only the link goes.
    await files.delete("out");
    expect(await readFile(join(outside, "secret.txt"), "utf8")).toBe("outside");
  });

  it("follows symbolic links that stay inside, and lists entry types", async () => {
    const { root, files } = await storage();
    await files.simplePut("real/a.txt", new TextEncoder().encode("A"), true);
    await symlink(join(root, "real"), join(root, "alias"));
    expect(new TextDecoder().decode(await files.simpleGet("alias/a.txt"))).toBe("A");
    await files.createDirAll("empty/dir");
    expect(await files.list("")).toEqual([
      { type: "symbolicLink", name: "alias" },
      { type: "directory", name: "empty" },
      { type: "directory", name: "real" },
    ]);
    expect(await files.list("real")).toEqual([{ type: "file", name: "a.txt" }]);
  });

  it("reports missing files and directories clearly", async () => {
    const { files } = await storage();
    await expect(files.simpleGet("none.txt")).rejects.toMatchObject({ name: "NotFound", message: 'file storage "orders": "none.txt" not found' });
    await expect(files.simplePut("no/dir.txt", new Uint8Array([1]), false)).rejects.toMatchObject({
      name: "NotFound",
      message: expect.stringMatching(/pass \{ ensureDir: true \}/),
    });
    await expect(files.delete("")).rejects.toMatchObject({ name: "PermissionDenied" });
  });
});

describe("file storage atomicity", () => {
  it("never lets a concurrent reader see a half-written file", async () => {
    const { root, files } = await storage();
    const size = 16 * 1024 * 1024;
    const contents = ["a", "b", "c", "d"].map((letter) => Buffer.alloc(size, letter));
    await files.simplePut("big.bin", contents[0]!, false);
    let writing = true;
    const seen: string[] = [];
    const reader = (async () => {
      while (writing) {
        const bytes = await readFile(join(root, "big.bin"));
        const whole = contents.some((content) => content.equals(bytes));
        seen.push(whole ? "whole" : `partial(${bytes.length} bytes)`);
      }
    })();
    for (const content of [...contents.slice(1), contents[0]!]) await files.simplePut("big.bin", content, false);
    writing = false;
    await reader;
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((read) => read !== "whole")).toEqual([]);
    expect(await files.list("")).toEqual([{ type: "file", name: "big.bin" }]);
  });
});

const caller = { logic: { name: "l", kind: "generic" as const, permanentIdentity: "p", revision: 1 } };

/** One task's FileStorageAgent operations over the storage `files` at `root`. */
function attach(root: string) {
  const config = configSchema.parse({ dataProcesses: {}, agents: { fileStorage: { files: { root } } } });
  const { ops, dispose } = fileStorageAgent({ config, stateDir: "/nonexistent", now: Date.now }).attach({} as TaskScope);
  const call = (name: keyof typeof ops, ...args: unknown[]) => ops[name]!(caller, ...args);
  return { call, dispose: async () => dispose?.() };
}

describe("FileStorageAgent operations", () => {
  it("write, read, list and delete under the root, with LOC's leading-slash paths inside it", async () => {
    const root = join(await tempDir(), "files");
    const { call, dispose } = attach(root);
    const target = (path: string) => ({ configurationId: "files", path });

    expect(await call("op_file_storage_agent_acquire", "files")).toBe("files");
    expect(await call("op_file_storage_agent_simple_put", { ...target("/test_dir/test_file_1.txt"), ensureDir: true }, new TextEncoder().encode("one"))).toBe(3);
    expect(await readFile(join(root, "test_dir/test_file_1.txt"), "utf8")).toBe("one");
    expect(new TextDecoder().decode((await call("op_file_storage_agent_simple_get", target("test_dir/test_file_1.txt"))) as Uint8Array)).toBe("one");
    await call("op_file_storage_agent_create_dir_all", target("/test_dir/sub/deeper"));
    expect(await call("op_file_storage_agent_list", target("/test_dir"))).toEqual([
      { type: "directory", name: "sub" },
      { type: "file", name: "test_file_1.txt" },
    ]);
    expect(await call("op_file_storage_agent_list", target("/"))).toEqual([{ type: "directory", name: "test_dir" }]);
    await call("op_file_storage_agent_delete", target("/test_dir/test_file_1.txt"));
    await expect(call("op_file_storage_agent_simple_get", target("/test_dir/test_file_1.txt"))).rejects.toMatchObject({
      name: "NotFound",
      message: 'file storage "files": "/test_dir/test_file_1.txt" not found',
    });
    await dispose();
  });

  it("refuse escapes and unknown storages with errors that name them", async () => {
    const { call, dispose } = attach(join(await tempDir(), "files"));
    await expect(call("op_file_storage_agent_simple_get", { configurationId: "files", path: "/../../etc/passwd" })).rejects.toMatchObject({
      name: "PermissionDenied",
      message: expect.stringMatching(/escapes the storage root/),
    });
    expect(() => call("op_file_storage_agent_acquire", "nope")).toThrow('no file storage configuration named "nope" (configured: files)');
    await dispose();
  });

  it("write only the part of the bytes a view shows", async () => {
    const root = join(await tempDir(), "files");
    const { call, dispose } = attach(root);
    const whole = new Uint8Array(3 * 1024).map((_, index) => index % 251);
    const view = whole.subarray(1000, 2000);
    expect(await call("op_file_storage_agent_simple_put", { configurationId: "files", path: "out/a.bin", ensureDir: true }, view)).toBe(1000);
    expect((await readFile(join(root, "out/a.bin"))).equals(Buffer.from(view.buffer, view.byteOffset, view.byteLength))).toBe(true);
    await dispose();
  });

  it("refuse what is not bytes, naming the operation", async () => {
    const { call, dispose } = attach(join(await tempDir(), "files"));
    expect(() => call("op_file_storage_agent_simple_put", { configurationId: "files", path: "a.txt" }, [1, 2, 3])).toThrow(
      "op_file_storage_agent_simple_put: expected a Uint8Array",
    );
    await dispose();
  });

  it("read a file into a plain Uint8Array, not a Buffer", async () => {
    const root = join(await tempDir(), "files");
    await mkdir(root, { recursive: true });
    await writeFile(join(root, "a.txt"), "hello");
    const { call, dispose } = attach(root);
    const bytes = (await call("op_file_storage_agent_simple_get", { configurationId: "files", path: "a.txt" })) as Uint8Array;
    expect(Object.getPrototypeOf(bytes)).toBe(Uint8Array.prototype);
    expect(new TextDecoder().decode(bytes)).toBe("hello");
    await dispose();
  });

  it("settle a task's writes in flight when it ends: a whole file, no temporary one, and nothing after", async () => {
    const root = join(await tempDir(), "files");
    const { call, dispose } = attach(root);
    const size = 64 * 1024 * 1024;
    const put = { configurationId: "files", path: "big.bin", ensureDir: true };
    const writing = call("op_file_storage_agent_simple_put", put, new Uint8Array(size).fill(7)) as Promise<number>;

    await dispose();

    expect((await readdir(root)).filter(isTempFileName)).toEqual([]);
    expect(await readdir(root)).toEqual(["big.bin"]);
    expect((await readFile(join(root, "big.bin"))).length).toBe(size);
    await expect(writing).resolves.toBe(size);
    expect(() => call("op_file_storage_agent_list", { configurationId: "files", path: "" })).toThrow("the task has ended");
  });
});

/**
 * A streamed byte argument (runtime/isolate/byte-stream) as a logic's isolate sends it: chunks
 * answered when asked for, from `source`; `stopAfter` chunks, then the isolate "dies".
 */
function streamed(source: Uint8Array, options: { chunkBytes?: number; stopAfter?: number; onChunk?: (index: number) => void } = {}) {
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  let sent = 0;
  let chunks = 0;
  const stream: IncomingBytes = new IncomingBytes(
    source.byteLength,
    (asked) =>
      setImmediate(() => {
        for (let index = 0; index < asked; index++) {
          if (options.stopAfter !== undefined && chunks === options.stopAfter) {
            stream.fail(new ByteStreamError("Interrupted", "the logic was stopped before its bytes were sent"));
            return;
          }
          options.onChunk?.(chunks);
          chunks++;
          stream.push(source.subarray(sent, sent + chunkBytes));
          sent += chunkBytes;
        }
      }),
    chunkBytes,
    2,
  );
  return stream;
}

describe("streamed writes", () => {
  it("write exactly the streamed bytes, chunk by chunk into the temporary file, registered as being written", async () => {
    const { root, files } = await storage();
    const source = Uint8Array.from({ length: 1_000_003 }, (_, index) => (index * 31) & 255);
    const inFlight: boolean[] = [];
    const stream = streamed(source, {
      onChunk: (index) => {
        if (index !== 3) return;
        // Mid-write: only the temporary file exists, and a sweep would leave it alone.
        void readdir(root).then((names) => inFlight.push(names.length === 1 && isTempFileName(names[0]!) && isBeingWritten(names[0]!)));
      },
    });
    expect(await files.simplePut("out.bin", stream, false)).toBe(source.byteLength);
    expect((await readFile(join(root, "out.bin"))).equals(source)).toBe(true);
    expect(inFlight).toEqual([true]);
    expect(await readdir(root)).toEqual(["out.bin"]);
  });

  it("leave no file and no temporary file when the bytes stop coming, and an older file as it was", async () => {
    const { root, files } = await storage();
    await writeFile(join(root, "out.bin"), "previous");
    const source = new Uint8Array(2 * 1024 * 1024).fill(5);
    await expect(files.simplePut("out.bin", streamed(source, { stopAfter: 5 }), false)).rejects.toMatchObject({
      name: "Interrupted",
      message: 'file storage "orders": "out.bin" was not written: the logic was stopped before its bytes were sent',
    });
    await expect(files.simplePut("new.bin", streamed(source, { stopAfter: 0 }), false)).rejects.toMatchObject({ name: "Interrupted" });
    expect(await readdir(root)).toEqual(["out.bin"]);
    expect(await readFile(join(root, "out.bin"), "utf8")).toBe("previous");
  });

  it("refuse a path before reading a byte of the stream", async () => {
    const { files } = await storage();
    let asked = false;
    const stream = new IncomingBytes(4 * 1024 * 1024, () => (asked = true), 1024 * 1024, 2);
    await expect(files.simplePut("../outside/x.bin", stream, true)).rejects.toMatchObject({ name: "PermissionDenied" });
    expect(asked).toBe(false);
  });

  it("through the operation: a stream is a valid byte argument, and a task's end waits for it", async () => {
    const root = join(await tempDir(), "files");
    const { call, dispose } = attach(root);
    const source = new Uint8Array(3 * 1024 * 1024 + 1).fill(9);
    const writing = call("op_file_storage_agent_simple_put", { configurationId: "files", path: "s.bin", ensureDir: true }, streamed(source)) as Promise<number>;
    await dispose();
    await expect(writing).resolves.toBe(source.byteLength);
    expect((await readFile(join(root, "s.bin"))).equals(source)).toBe(true);
    expect(await readdir(root)).toEqual(["s.bin"]);
  });
});
