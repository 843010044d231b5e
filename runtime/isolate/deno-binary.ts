/**
 * Where the Deno binary is: the npm package `deno` ships it (in its own folder once its install
 * script ran, and always in the platform package it depends on, e.g. `@deno/linux-x64-glibc`).
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { REPO_ROOT } from "../repo-root";

const require = createRequire(join(REPO_ROOT, "package.json"));
const EXECUTABLE = process.platform === "win32" ? "deno.exe" : "deno";

function packageDir(name: string): string | undefined {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

function platformPackage(): string {
  const arch = process.arch === "arm64" ? "arm64" : "x64";
  if (process.platform === "win32") return `@deno/win32-${arch}`;
  if (process.platform === "darwin") return `@deno/darwin-${arch}`;
  return `@deno/linux-${arch}-glibc`;
}

let found: string | undefined;

export function denoBinary(): string {
  if (found) return found;
  const denoDir = packageDir("deno");
  const candidates = [denoDir && join(denoDir, EXECUTABLE), packageDir(platformPackage()) && join(packageDir(platformPackage())!, EXECUTABLE)];
  found = candidates.find((candidate): candidate is string => candidate !== undefined && existsSync(candidate));
  if (!found) {
    throw new Error(`the Deno binary is missing: logics run in Deno isolates; run \`npm ci\` (it installs the npm package "deno" and ${platformPackage()})`);
  }
  return found;
}
