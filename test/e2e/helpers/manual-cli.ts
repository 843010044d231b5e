/** `node bin/loc-local.js …` as a user runs it: a child process, its exit code, stdout parsed as JSON. */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../../../bin/loc-local.js", import.meta.url));
const REPO = join(CLI, "..", "..");

export interface CliRun {
  exitCode: number | null;
  /** stdout as JSON (the execution summary), undefined when it is not JSON. */
  output: unknown;
  stdout: string;
  stderr: string;
}

/** Killed past `timeoutMs`, so a hung CLI fails the test instead of outliving it. */
export function runManualCli(args: string[], timeoutMs = 30_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.once("error", reject);
    child.once("close", (exitCode) => {
      const out = Buffer.concat(stdout).toString("utf8");
      let output: unknown;
      try {
        output = JSON.parse(out);
      } catch {
        output = undefined;
      }
      resolve({ exitCode, output, stdout: out, stderr: Buffer.concat(stderr).toString("utf8") });
    });
  });
}
