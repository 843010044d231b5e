/**
 * Large byte arguments cross from a logic's isolate to the host as streams of chunks
 * (runtime/isolate/byte-stream, protocol STREAMED_OPS): exact bytes at every chunk boundary,
 * through a real Deno isolate to the file and back; an early refusal, a detached buffer and an
 * isolate stopped mid-transfer leave no file and no temporary file behind.
 */
import { watch } from "node:fs";
import { mkdir, readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FileStorageRoot } from "../../runtime/agents/file-storage";
import { IncomingBytes } from "../../runtime/isolate/byte-stream";
import { DenoIsolates } from "../../runtime/isolate/deno-isolates";
import { STREAM_CHUNK_BYTES, STREAM_MIN_BYTES } from "../../runtime/isolate/protocol";
import { saffronScript } from "../../runtime/isolate/saffron-script";
import { isTempFileName } from "../../runtime/stores/atomic-write";
import { configOf, manually, runtimeOf, tempDir } from "../runtime/helpers";
import { taskRecord } from "../helpers/task-record";

const CHUNKED_FILES = fileURLToPath(new URL("./fixtures/chunked-files.ts", import.meta.url));

/** The fixture's pattern for a file of `size` bytes. */
function pattern(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let index = 0; index < size; index++) bytes[index] = (index * 7 + size) & 255;
  return bytes;
}

async function tempFilesIn(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).filter((path) => isTempFileName(basename(path)));
}

describe("streamed byte arguments through a real isolate", () => {
  it("write and read back exact bytes at every chunk boundary, from a view into a larger buffer", async () => {
    const root = join(await tempDir(), "files");
    await mkdir(root);
    const chunk = STREAM_CHUNK_BYTES;
    const sizes = [
      STREAM_MIN_BYTES - 1, // the largest that crosses whole, in one frame
      STREAM_MIN_BYTES, // the smallest streamed one
      2 * chunk,
      2 * chunk + 1, // a last chunk of one byte
      5 * chunk - 1, // a last chunk one byte short
      3 * 1024 * 1024 + 12_345,
    ];
    const runtime = runtimeOf(
      configOf(
        await tempDir(),
        {
          chunked: {
            generic: [CHUNKED_FILES],
            aggregator: "report-session.ts",
            variables: { SIZES: sizes.join(","), OFFSET: "3", REPORT_KEYS: "chunked,failures" },
          },
        },
        { agents: { fileStorage: { files: { root } } } },
      ),
    );
    const record = await runtime.execute(manually(["chunked"]));
    const { chunked, failures } = (record.result as { session: { chunked: Record<string, unknown>; failures: Record<string, unknown> } }).session;

    for (const size of sizes) {
      expect({ size, ...(chunked[size] as object) }).toEqual({ size, written: size, read: size, same: true, untouched: true });
      expect((await readFile(join(root, "chunked", `${size}.bin`))).equals(pattern(size))).toBe(true);
    }
    // Refused before a byte was read: LOC's error, and the storage goes on answering.
    expect(failures.refused).toEqual({ name: "PermissionDenied", message: 'file storage "files" refuses path "../outside.bin": it escapes the storage root' });
    expect(failures.afterRefusal).toEqual({ resolved: 2 });
    // The logic detached the buffer it was writing: no file, an error saying why.
    expect(failures.detached).toMatchObject({ name: "TypeError", message: expect.stringContaining("detached") });
    expect((await readdir(root)).sort()).toEqual(["after-refusal.txt", "chunked"]);
    expect(await tempFilesIn(root)).toEqual([]);
  });

  it("fail the write when the isolate is stopped mid-transfer: no file, no temporary file", async () => {
    const root = join(await tempDir(), "files");
    await mkdir(root);
    const storage = new FileStorageRoot("files", root);
    const isolates = new DenoIsolates({ saffron: saffronScript });
    try {
      let write: Promise<number> | undefined;
      let stream: IncomingBytes | undefined;
      const tempFileCreated = new Promise<void>((resolve) => {
        const watcher = watch(root, (_event, name) => {
          if (name && isTempFileName(name)) {
            watcher.close();
            resolve();
          }
        });
      });
      const size = 64 * 1024 * 1024;
      const script = `
        globalThis.run = async function (ctx) {
          const files = await Saffron.FileStorageAgent.acquire("files");
          await files.simplePut("big.bin", new Uint8Array(${size}).fill(9));
        };
        globalThis.handleError = async function (ctx, error) {};`;
      const task = taskRecord();
      const running = await isolates.run(
        { kind: "generic", name: "big", filename: "big.js", script, task, variables: {} },
        {
          op(name, args) {
            if (name === "op_railway_is_ok") return true;
            if (name === "op_file_storage_agent_acquire") return "files";
            if (name === "op_file_storage_agent_simple_put") {
              stream = args[1] as IncomingBytes;
              write = storage.simplePut("big.bin", stream, false);
              return write;
            }
            return null;
          },
          sync: () => undefined,
          console: () => undefined,
        },
      );
      const outcome = running.outcome.catch((error: Error) => error);
      await tempFileCreated;
      running.kill();

      expect(stream).toBeInstanceOf(IncomingBytes);
      expect(stream!.byteLength).toBe(size);
      await expect(write).rejects.toMatchObject({ name: "Interrupted" });
      expect(await outcome).toMatchObject({ name: "IsolateCrash" });
      expect(await readdir(root)).toEqual([]);
    } finally {
      await isolates.close();
    }
  });
});
