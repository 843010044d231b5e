// Compiles the CLI (runtime/cli/main.ts and what it imports) into one ES module,
// dist/loc-local.mjs, with the list of its sources beside it for the freshness check.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const CLI_BUNDLE = join(ROOT, "dist", "loc-local.mjs");
export const CLI_INPUTS = join(ROOT, "dist", "loc-local.inputs.json");

export async function compileCli() {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    entryPoints: [join(ROOT, "runtime", "cli", "main.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    write: false,
    metafile: true,
    logLevel: "silent",
    outfile: CLI_BUNDLE,
  });
  mkdirSync(dirname(CLI_BUNDLE), { recursive: true });
  const inputs = Object.keys(result.metafile.inputs).map((file) => resolve(ROOT, file));
  // Written aside, then renamed: two CLIs compiling at once never load half a file.
  const suffix = `.${process.pid}.tmp`;
  writeFileSync(CLI_BUNDLE + suffix, result.outputFiles[0].contents);
  writeFileSync(CLI_INPUTS + suffix, JSON.stringify(inputs));
  renameSync(CLI_BUNDLE + suffix, CLI_BUNDLE);
  renameSync(CLI_INPUTS + suffix, CLI_INPUTS);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await compileCli();
