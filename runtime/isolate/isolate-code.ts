/**
 * The code that runs in Deno, bundled once per process by esbuild: the Deno host program (written
 * to a file, as `deno run` needs one), its import map, and the logic workers' bootstrap (sent to
 * it as text).
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { REPO_ROOT } from "../repo-root";

const DENO_SIDE = join(REPO_ROOT, "runtime", "isolate", "deno");

async function bundle(entry: string, define: Record<string, string> = {}): Promise<string> {
  const result = await esbuild.build({
    define,
    entryPoints: [join(DENO_SIDE, entry)],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

/**
 * LOC has no Node built-ins, but Deno resolves `import("node:fs")` even in a worker without
 * permissions; mapped to a module that throws, every one of them is refused at the import, as on
 * LOC (the other specifiers are refused by the permissions, --no-remote and --no-npm).
 */
function importMap(): string {
  const imports: Record<string, string> = {};
  for (const name of builtinModules.filter((module) => !module.startsWith("_"))) {
    const specifier = name.startsWith("node:") ? name : `node:${name}`;
    const message = `"${specifier}" is not available on LOC: logics run on web-standard APIs and LOC's agents only`;
    imports[specifier] = `data:text/javascript,${encodeURIComponent(`throw new Error(${JSON.stringify(message)});`)}`;
  }
  return JSON.stringify({ imports });
}

/**
 * Written aside, then renamed: runtimes starting at once (tests, a CLI beside `serve`) share these
 * files, and a Deno process reading one half-written would run an empty program and exit.
 */
async function writeWhole(file: string, text: string): Promise<void> {
  const aside = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(aside, text, { mode: 0o600 });
  await rename(aside, file);
}

export interface IsolateCode {
  /** The Deno host program's file. */
  hostFile: string;
  /** Its import map's file. */
  importMapFile: string;
  /** The logic workers' bootstrap module. */
  bootstrap: string;
}

let code: Promise<IsolateCode> | undefined;

export function isolateCode(): Promise<IsolateCode> {
  code ??= (async () => {
    const [router, bootstrap] = await Promise.all([bundle("frame-router.ts"), bundle("logic-bootstrap.ts")]);
    const host = await bundle("isolate-host.ts", { LOC_ROUTER_SOURCE: JSON.stringify(router) });
    const dir = join(tmpdir(), "loc-local");
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const map = importMap();
    const hash = createHash("sha256").update(host).update(map).digest("hex").slice(0, 16);
    // `.mjs`: Deno reads a `.js` under a package.json without "type": "module" as CommonJS.
    const hostFile = join(dir, `isolate-host-${hash}.mjs`);
    const importMapFile = join(dir, `isolate-imports-${hash}.json`);
    await Promise.all([writeWhole(hostFile, host), writeWhole(importMapFile, map)]);
    return { hostFile, importMapFile, bootstrap };
  })().catch((error: unknown) => {
    code = undefined;
    throw error;
  });
  return code;
}
