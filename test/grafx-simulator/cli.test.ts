import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
let child: ChildProcess | undefined;

afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  child = undefined;
});

interface Started {
  url: string;
  authUrl: string;
  secondOriginUrl: string;
  environment: string;
  clientId: string;
  taskIds: string[];
}

async function startCli(args: string[]): Promise<{ process: ChildProcess; started: Started }> {
  const process_ = spawn(process.execPath, ["--import", "tsx", "grafx-simulator/cli.ts", ...args], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
  child = process_;
  const lines = createInterface({ input: process_.stdout! });
  const [line] = (await once(lines, "line")) as [string];
  return { process: process_, started: JSON.parse(line) as Started };
}

describe("GraFx simulator CLI", () => {
  it("prints one JSON line with the URLs and sample task ids, serves them with its faults, and stops on SIGTERM", async () => {
    const { process: cli, started } = await startCli(["--port", "0", "--tasks", "2", "--size", "10", "--fault", "error=503,stage=status,times=1"]);
    expect(started).toMatchObject({ environment: "sim-env", clientId: "sim-client", authUrl: `${started.url}/oauth/token` });
    expect(started.taskIds).toHaveLength(2);
    expect(JSON.stringify(started)).not.toContain("sim-secret");

    const tokenResponse = await fetch(started.authUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ grant_type: "client_credentials", audience: "https://chiligrafx.com", client_id: "sim-client", client_secret: "sim-secret" }),
    });
    const { access_token } = (await tokenResponse.json()) as { access_token: string };
    const statusUrl = `${started.url}/grafx/api/v1/environment/sim-env/output/tasks/${started.taskIds[0]}`;
    const headers = { Authorization: `Bearer ${access_token}` };
    expect((await fetch(statusUrl, { headers })).status).toBe(503);
    expect((await fetch(statusUrl, { headers })).status).toBe(200);

    const exited = once(cli, "exit");
    cli.kill("SIGTERM");
    expect(await exited).toEqual([0, null]);
  });

  it("exits 2 with the usage on a bad flag", async () => {
    const cli = spawn(process.execPath, ["--import", "tsx", "grafx-simulator/cli.ts", "--fault", "explode"], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    child = cli;
    let stderr = "";
    cli.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(cli, "exit")) as [number];
    expect(code).toBe(2);
    expect(stderr).toContain('unknown fault "explode"');
    expect(stderr).toContain("Usage:");
  });
});
