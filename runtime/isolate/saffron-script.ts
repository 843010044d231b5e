/**
 * Saffron (runtime/saffron) as LOC injects it: one classic script that, evaluated in a logic
 * isolate, defines the global `Saffron` (as the real runtime's UMD build does). Bundled once per
 * process; a failed build is not kept, so the next call tries again.
 */
import { join } from "node:path";
import * as esbuild from "esbuild";
import { REPO_ROOT } from "../repo-root";

const ENTRY = join(REPO_ROOT, "runtime", "saffron", "src", "index.ts");

let script: Promise<string> | undefined;

async function bundle(): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    format: "iife",
    globalName: "Saffron",
    platform: "neutral",
    target: "es2022",
    sourcemap: "inline",
    write: false,
    logLevel: "silent",
    // esbuild starts the script with "use strict" (tsconfig `strict`), and a strict script run by
    // indirect eval keeps its `var Saffron` to itself: this line makes it global however it is run.
    footer: { js: "globalThis.Saffron = Saffron;" },
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for ${ENTRY}`);
  return output.text;
}

export function saffronScript(): Promise<string> {
  script ??= bundle().catch((error: unknown) => {
    script = undefined;
    throw error;
  });
  return script;
}
