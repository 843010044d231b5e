// Compiles the CLI (runtime/cli/main.ts and what it imports) into ES modules in dist/ —
// dist/loc-local.mjs and its chunks, split so `--help` loads only the entry and each command only
// what it needs; one level below the root, as runtime/repo-root.ts expects — with the list of its
// sources beside them for the freshness check.
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLI_DIR = join(ROOT, "dist");
export const CLI_BUNDLE = join(CLI_DIR, "loc-local.mjs");
export const CLI_INPUTS = join(CLI_DIR, "loc-local.inputs.json");
const CHUNK = /^loc-local-chunk-[A-Z0-9]+\.mjs$/;

export async function compileCli() {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    entryPoints: [join(ROOT, "runtime", "cli", "main.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    splitting: true,
    entryNames: "loc-local",
    chunkNames: "loc-local-chunk-[hash]",
    outdir: CLI_DIR,
    outExtension: { ".js": ".mjs" },
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const inputs = Object.keys(result.metafile.inputs).map((file) => resolve(ROOT, file));
  // Chunks are named by content, so writing them never changes a file another CLI is loading; the
  // entry and the sources list are written aside, then renamed: never half a file.
  const suffix = `.${process.pid}.tmp`;
  for (const file of result.outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path + suffix, file.contents);
    renameSync(file.path + suffix, file.path);
  }
  writeFileSync(CLI_INPUTS + suffix, JSON.stringify(inputs));
  renameSync(CLI_INPUTS + suffix, CLI_INPUTS);
  const current = new Set(result.outputFiles.map((file) => basename(file.path)));
  for (const name of readdirSync(CLI_DIR)) if (CHUNK.test(name) && !current.has(name)) rmSync(join(CLI_DIR, name), { force: true });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await compileCli();
