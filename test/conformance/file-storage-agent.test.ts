/**
 * FileStorageAgent on a local file system storage (a temporary directory as its root): paths
 * with a leading `/` resolve inside the root, as in LOC's own tests.
 */
import { mkdir, readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../runtime/helpers";
import { logsOf, runOnce } from "./harness";

const utf8 = (text: string) => ({ bytes: Array.from(new TextEncoder().encode(text)) });

/** A storage root holding the directories the SDK's test servers come with. */
async function storageRoot(): Promise<string> {
  const root = join(await tempDir(), "storage");
  await mkdir(join(root, "test_dir"), { recursive: true });
  await mkdir(join(root, "sharing"), { recursive: true });
  return root;
}

const agents = (root: string) => ({ fileStorage: { "test-file-server": { root } } });

describe("FileStorageAgent", () => {
  it("simplePut / simpleGet / createDirAll / list / delete with leading-slash paths inside the root; strings written as UTF-8", async () => {
    const root = await storageRoot();
    const keys = ["receivedDataOne", "receivedDataTwo", "written", "fileTestReceivedData", "fileTestReceivedData2", "fileTestReceivedListResponse", "listAfterDelete"];
    const record = await runOnce(
      { generic: ["agents/file-storage.ts"], aggregator: "session-report.ts", variables: { REPORT_KEYS: keys.join(",") } },
      { agents: agents(root) },
    );

    expect(logsOf(record, "file-storage")).toEqual([{ level: "info", message: "test TestFileStorage" }]);
    expect(record.result).toEqual({
      session: {
        receivedDataOne: utf8("put to ftp server"),
        receivedDataTwo: { isUint8Array: true, text: "this project is called saffron" },
        written: [17, 30, 12],
        fileTestReceivedData: utf8("write r_file.txt"),
        fileTestReceivedData2: utf8("write not_exist/r_file.txt"),
        fileTestReceivedListResponse: [
          { type: "directory", name: "new_dir" },
          { type: "file", name: "r_file.txt" },
        ],
        listAfterDelete: [{ type: "directory", name: "new_dir" }],
      },
    });
    // On disk, under the root: `/test_dir/…` is `<root>/test_dir/…`.
    expect(await readFile(join(root, "test_dir", "test_file_1.txt"), "utf8")).toBe("put to ftp server");
    expect(await readFile(join(root, "test_dir", "unicode.txt"), "utf8")).toBe("hello 你好");
    expect(await readFile(join(root, "sharing", "r_file.txt"), "utf8")).toBe("write r_file.txt");
    expect(await readdir(join(root, "sharing", "not_exist"))).toEqual(["new_dir"]);
    expect(await readdir(dirname(root))).toEqual(["storage"]);
  });

  it("refuses a path out of its root, and explains a missing directory and a missing file", async () => {
    const root = await storageRoot();
    const record = await runOnce(
      { generic: ["agents/file-storage-refusals.ts"], aggregator: "session-report.ts", variables: { REPORT_KEYS: "refusals" } },
      { agents: agents(root) },
    );
    expect(record.result).toEqual({
      session: {
        refusals: {
          escape: { name: "PermissionDenied", message: 'file storage "test-file-server" refuses path "/../escaped.txt": it escapes the storage root' },
          missingDir: {
            name: "NotFound",
            message: 'file storage "test-file-server": the directory of "/no_such_dir/file.txt" does not exist (pass { ensureDir: true } to create it)',
          },
          missingFile: { name: "NotFound", message: 'file storage "test-file-server": "/no_such_file.txt" not found' },
        },
      },
    });
    expect(await readdir(dirname(root))).toEqual(["storage"]);
  });
});
