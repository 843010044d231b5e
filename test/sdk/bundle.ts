import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Bundles one logic source as LOC loads it (a classic script), the SDK resolved from this repo.
 * `legacy` builds with `experimentalDecorators`, as older logic projects do.
 */
export async function bundleLogic(source: string, options: { legacy?: boolean } = {}): Promise<string> {
  const result = await esbuild.build({
    stdin: { contents: source, loader: "ts", resolveDir: REPO_ROOT, sourcefile: "logic.ts" },
    bundle: true,
    format: "iife",
    platform: "neutral",
    target: "es2022",
    write: false,
    logLevel: "silent",
    ...(options.legacy ? { tsconfigRaw: { compilerOptions: { experimentalDecorators: true } } } : {}),
  });
  return result.outputFiles[0]!.text;
}
