/**
 * The code that runs in Deno, bundled once per process by esbuild: the Deno host program (written
 * to a file, as `deno run` needs one) and the logic workers' bootstrap (sent to it as text).
 */
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const HERE = fileURLToPath(new URL(".", import.meta.url));

async function bundle(entry: string): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [join(HERE, "deno", entry)],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

export interface IsolateCode {
  /** The Deno host program's file. */
  hostFile: string;
  /** The logic workers' bootstrap module. */
  bootstrap: string;
}

let code: Promise<IsolateCode> | undefined;

export function isolateCode(): Promise<IsolateCode> {
  code ??= (async () => {
    const [host, bootstrap] = await Promise.all([bundle("isolate-host.ts"), bundle("logic-bootstrap.ts")]);
    const dir = join(tmpdir(), "loc-local");
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const hostFile = join(dir, `isolate-host-${createHash("sha256").update(host).digest("hex").slice(0, 16)}.js`);
    await writeFile(hostFile, host, { mode: 0o600 });
    return { hostFile, bootstrap };
  })().catch((error: unknown) => {
    code = undefined;
    throw error;
  });
  return code;
}
