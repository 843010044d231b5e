import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

// `npm test` builds dist/ before vitest runs, so the bundles the manifest describes exist.
describe("deploy manifest", () => {
  it("lists the data process's bundles in railway order with hashes, and names (never values) of what LOC must configure", async () => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/deploy-manifest.ts"], {
      env: { ...process.env, GRAFX_CLIENT_SECRET: "must-not-appear" },
    });
    const manifest = JSON.parse(stdout);
    const [dataProcess] = manifest.dataProcesses;
    expect(dataProcess.name).toBe("grafx-order-handling");
    expect(dataProcess.logics.map((logic: { name: string; kind: string }) => `${logic.kind}:${logic.name}`)).toEqual([
      "generic:read-orders",
      "generic:process-orders",
      "aggregator:finalize-orders",
    ]);
    for (const logic of dataProcess.logics) expect(logic.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.agentConfigurations.http).toEqual([
      { name: "grafx-api", required: true },
      { name: "grafx-auth", required: true },
      { name: "grafx-download", required: false },
    ]);
    expect(dataProcess.logicVariables).toContainEqual({ name: "GRAFX_CLIENT_SECRET", required: true, secret: true });
    expect(dataProcess.logicVariables).toContainEqual({ name: "ALLOW_INSECURE_LOOPBACK", required: false });
    expect(manifest.triggers.messageQueue).toEqual([
      { topic: "grafx-orders", groupId: "grafx-order-handling", dataProcesses: ["grafx-order-handling"], replyTopic: "grafx-orders.results" },
    ]);
    // Names only: no secret, and none of the local wiring (environment references, local defaults, addresses).
    for (const local of ["must-not-appear", "env:", "127.0.0.1", "integration-login"]) expect(stdout).not.toContain(local);
  });
});
