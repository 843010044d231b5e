/**
 * `npm run build [root] [outDir]`: bundles every logic under `<root>/generic-logic` and
 * `<root>/aggregator-logic` into `<outDir>/<kind>/<name>.js` (+ `.js.map`) — the files that deploy
 * to LOC. Root defaults to the repo, outDir to `<root>/dist`. Exits 1 when any logic fails, with
 * one clear line per problem.
 */
import { readdir, rm } from "node:fs/promises";
import { basename, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleLogic, LogicBuildError } from "../runtime/bundler";

const LOGIC_KINDS = ["generic-logic", "aggregator-logic"] as const;

function isLogicEntry(fileName: string): boolean {
  return fileName.endsWith(".ts") && !/\.(d|test|spec)\.ts$/.test(fileName);
}

async function logicEntries(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && isLogicEntry(entry.name))
      .map((entry) => join(dir, entry.name))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

function shownPath(root: string, file: string): string {
  const path = relative(root, file);
  return path.startsWith("..") ? file : path;
}

async function main(): Promise<number> {
  const root = resolve(process.argv[2] ?? fileURLToPath(new URL("..", import.meta.url)));
  const outDir = resolve(process.argv[3] ?? join(root, "dist"));
  let failed = false;
  for (const kind of LOGIC_KINDS) {
    // Stale bundles of removed logics must not be deployed or run.
    await rm(join(outDir, kind), { recursive: true, force: true });
    for (const entry of await logicEntries(join(root, kind))) {
      const outfile = join(outDir, kind, `${basename(entry, ".ts")}.js`);
      try {
        const { code } = await bundleLogic(entry, { outfile, root });
        console.log(`${shownPath(root, outfile)}  ${Buffer.byteLength(code)} bytes`);
      } catch (error) {
        if (!(error instanceof LogicBuildError)) throw error;
        console.error(error.message);
        failed = true;
      }
    }
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
