/** `loc-local serve` opens the console and says where, on a line naming it; `--no-console` leaves it off. */
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runNode } from "../helpers/run-process";
import { fixture, REPO_ROOT, tempDir } from "../runtime/helpers";

const CLI = join(REPO_ROOT, "bin", "loc-local.js");

async function configFile(): Promise<string> {
  const dir = await tempDir();
  const file = join(dir, "loc.config.json");
  const config = { stateDir: join(dir, "state"), dataProcesses: { echo: { aggregator: fixture("echo-aggregator.ts") } }, server: { port: 0 } };
  await writeFile(file, JSON.stringify(config));
  return file;
}

/**
 * Runs serve until `until` (given stderr as it grows) returns a promise — work to do while serve
 * runs — then, once that settles, stops it (SIGTERM) and returns both outputs.
 */
function serveUntil(args: string[], until: (stderr: string) => Promise<unknown> | undefined): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "serve", "--port", "0", "--no-kafka", "--no-schedules", ...args], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let stopping = false;
    const check = () => {
      if (stopping || !stdout.includes("\n")) return;
      const work = until(stderr);
      if (!work) return;
      stopping = true;
      void work.finally(() => child.kill("SIGTERM"));
    };
    child.stdout.on("data", (chunk: Buffer) => ((stdout += chunk), check()));
    child.stderr.on("data", (chunk: Buffer) => ((stderr += chunk), check()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("loc-local serve and the console", () => {
  it("prints the console's URL, which serves the console while serve runs", async () => {
    const config = await configFile();
    let page: string | undefined;
    const outcome = await serveUntil(["--config", config, "--console-port", "0"], (stderr) => {
      const url = /console at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr)?.[1];
      return url === undefined ? undefined : fetch(url).then(async (response) => (page = await response.text()));
    });
    expect(page).toContain("<title>LOC local console</title>");
    expect(JSON.parse(outcome.stdout.split("\n")[0]!)).toMatchObject({ console: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/) });
    expect(outcome.code).toBe(0);
  });

  it("leaves it off with --no-console, and refuses a bad --console-port", async () => {
    const config = await configFile();
    const outcome = await serveUntil(["--config", config, "--no-console"], (stderr) => (stderr.includes("api route server listening") ? Promise.resolve() : undefined));
    expect(outcome.stderr).not.toContain("console at");
    expect(JSON.parse(outcome.stdout.split("\n")[0]!)).not.toHaveProperty("console");

    const bad = await runNode([CLI, "serve", "--config", config, "--console-port", "http"], { cwd: REPO_ROOT });
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain('--console-port must be a port number (0-65535), got "http"');
  });

  it("says which port is taken and how to change it, in one line", async () => {
    const config = await configFile();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      const outcome = await runNode([CLI, "serve", "--config", config, "--port", "0", "--console-port", String(port), "--no-kafka", "--no-schedules"], { cwd: REPO_ROOT });
      expect(outcome.code).toBe(1);
      expect(outcome.stderr.trim().split("\n").at(-1)).toBe(
        `loc-local: console: port ${port} on 127.0.0.1 is in use; set console.port, pass --console-port N, or --no-console (0 picks a free port)`,
      );
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});
