/** The Deno host process never outlives the runtime that started it, even killed mid-logic. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const CHILD = fileURLToPath(new URL("./fixtures/spin-forever.mts", import.meta.url));

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** No event tells when a process that is not our child ends: poll it, bounded. */
async function waitForExit(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (!isRunning(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !isRunning(pid);
}

describe("the Deno host process", () => {
  it("exits when its runtime is killed with SIGKILL while a logic spins forever", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      const [chunk] = (await once(child.stdout!, "data")) as [Buffer];
      const denoPid = Number(chunk.toString().trim());
      expect(isRunning(denoPid)).toBe(true);
      child.kill("SIGKILL");
      await once(child, "exit");
      expect(await waitForExit(denoPid, 5_000)).toBe(true);
    } finally {
      child.kill("SIGKILL");
    }
  });
});
