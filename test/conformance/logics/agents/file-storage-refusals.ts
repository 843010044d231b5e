/** What a file storage refuses: a path out of its root, a missing directory without ensureDir, a missing file. */
import { FileStorageAgent, SessionStorageAgent, type GenericContext, type RailwayError } from "@fstnetwork/loc-logic-sdk";

async function attempt(action: () => Promise<unknown>): Promise<unknown> {
  try {
    return { ok: await action() };
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
}

async function run(_ctx: GenericContext) {
  const storage = await FileStorageAgent.acquire("test-file-server");
  await SessionStorageAgent.putJson("refusals", {
    escape: await attempt(() => storage.simplePut("/../escaped.txt", "out of the root")),
    missingDir: await attempt(() => storage.simplePut("/no_such_dir/file.txt", "no ensureDir")),
    missingFile: await attempt(() => storage.simpleGet("/no_such_file.txt")),
  });
}

async function handleError(_ctx: GenericContext, error: RailwayError) {
  await SessionStorageAgent.putJson("refusals", { railway: error.message });
}

Object.assign(globalThis, { run, handleError });
