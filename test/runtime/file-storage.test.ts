import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { confinedPath, fileStorageOps, FileStorageRoot } from "../../runtime/agents/file-storage";
import { configOf, manually, runtimeOf, tempDir } from "./helpers";

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
    ["/etc/passwd", /absolute paths are not allowed/],
    ["C:\\windows", /absolute paths are not allowed/],
    ["a\\..\\..\\x", /escapes the storage root/],
  ])("refuses %s", (path, why) => {
    expect(() => confinedPath("orders", path)).toThrow(why);
  });

  it.each([
    ["a/b.json", "a/b.json"],
    ["./a//b/", "a/b"],
    ["a/../b", "b"],
    ["", ""],
    [".", ""],
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

describe("file storage operations on the logic's own values", () => {
  const caller = { logic: { name: "l", kind: "generic" as const, permanentIdentity: "p", revision: 1 } };

  it("writes bytes made in another realm (a logic's vm context) as they are, only the view's part", async () => {
    const root = join(await tempDir(), "files");
    const ops = fileStorageOps({ files: { root } });
    const context = vm.createContext({});
    const [whole, view] = vm.runInContext(
      `const whole = new Uint8Array(3 * 1024 * 1024).map((_, index) => index % 251);
       [whole, whole.subarray(1000, 1000 + 2 * 1024 * 1024)]`,
      context,
    ) as [Uint8Array, Uint8Array];
    expect(whole instanceof Uint8Array).toBe(false);
    const target = vm.runInContext(`({ configurationId: "files", path: "out/a.bin", ensureDir: true })`, context) as unknown;

    expect(await ops.op_file_storage_agent_simple_put!(caller, target, whole)).toBe(whole.byteLength);
    expect((await readFile(join(root, "out/a.bin"))).equals(Buffer.from(whole.buffer))).toBe(true);
    expect(await ops.op_file_storage_agent_simple_put!(caller, { configurationId: "files", path: "out/a.bin" }, view)).toBe(view.byteLength);
    expect((await readFile(join(root, "out/a.bin"))).equals(Buffer.from(view.buffer, view.byteOffset, view.byteLength))).toBe(true);
    expect(await ops.op_file_storage_agent_list!(caller, { configurationId: "files", path: "out" })).toEqual([{ type: "file", name: "a.bin" }]);
  });

  it("refuses what is not bytes, naming the operation", async () => {
    const ops = fileStorageOps({ files: { root: join(await tempDir(), "files") } });
    expect(() => ops.op_file_storage_agent_simple_put!(caller, { configurationId: "files", path: "a.txt" }, [1, 2, 3])).toThrow(
      "op_file_storage_agent_simple_put: expected a Uint8Array",
    );
  });

  it("reads a file into a plain Uint8Array, not a Buffer", async () => {
    const root = join(await tempDir(), "files");
    const ops = fileStorageOps({ files: { root } });
    await mkdir(root, { recursive: true });
    await writeFile(join(root, "a.txt"), "hello");
    const bytes = (await ops.op_file_storage_agent_simple_get!(caller, { configurationId: "files", path: "a.txt" })) as Uint8Array;
    expect(Object.getPrototypeOf(bytes)).toBe(Uint8Array.prototype);
    expect(new TextDecoder().decode(bytes)).toBe("hello");
  });
});

describe("FileStorageAgent in a logic", () => {
  it("writes, reads and lists under the configured root; refusals reach the logic as errors with a name", async () => {
    const root = join(await tempDir(), "files");
    const runtime = runtimeOf(
      configOf(
        await tempDir(),
        { files: { generic: ["files-generic.ts"], aggregator: "report-session.ts", variables: { REPORT_KEYS: "files" } } },
        { agents: { fileStorage: { files: { root } } } },
      ),
    );
    const record = await runtime.execute(manually(["files"]));
    expect(record.tasks[0]?.railwayError).toBeUndefined();
    expect((record.result.session as Record<string, unknown>).files).toEqual({
      written: 9,
      read: '{"id":42}',
      bytesAreUint8Array: true,
      listed: [{ type: "file", name: "order.json" }],
      escape: { name: "PermissionDenied", message: expect.stringMatching(/escapes the storage root/), isError: true },
      absolute: { name: "PermissionDenied", message: expect.stringMatching(/absolute paths are not allowed/), isError: true },
      missing: { name: "NotFound", message: 'file storage "files": "orders/none.json" not found', isError: true },
      unknownStorage: { name: "NotFound", message: 'no file storage configuration named "nope" (configured: files)', isError: true },
    });
    expect(await readFile(join(root, "orders/42/order.json"), "utf8")).toBe('{"id":42}');
  });
});
