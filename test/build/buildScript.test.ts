import { execFile } from "node:child_process";
import { mkdtemp, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const BUILD_SCRIPT = fileURLToPath(new URL("../../scripts/build.ts", import.meta.url));

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "build-script-test-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function write(path: string, text: string): Promise<void> {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), text);
}

function build(): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", BUILD_SCRIPT, root, join(root, "out")], (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

const LOGIC = `import { LoggingAgent } from "@fstnetwork/loc-logic-sdk";\nexport async function run() { LoggingAgent.info("hi"); }\nexport async function handleError() {}\n`;

describe("npm run build", () => {
  it("bundles every generic and aggregator logic, skipping type declarations and tests", async () => {
    await write("generic-logic/fetch-order.ts", LOGIC);
    await write("generic-logic/fetch-order.test.ts", "this is not a logic");
    await write("generic-logic/types.d.ts", "export type X = 1;");
    await write("aggregator-logic/result.ts", LOGIC);
    const { code, stdout, stderr } = await build();
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout.trim().split("\n")).toEqual([
      expect.stringMatching(/^out\/generic-logic\/fetch-order\.js {2}\d+ bytes$/),
      expect.stringMatching(/^out\/aggregator-logic\/result\.js {2}\d+ bytes$/),
    ]);
    expect((await readdir(join(root, "out", "generic-logic"))).sort()).toEqual(["fetch-order.js", "fetch-order.js.map"]);
    expect((await readdir(join(root, "out", "aggregator-logic"))).sort()).toEqual(["result.js", "result.js.map"]);
  });

  it("succeeds with nothing to do when the logic folders are absent", async () => {
    expect(await build()).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("exits 1 with one clear line, no stack trace, when a logic imports a Node built-in", async () => {
    await write("generic-logic/good.ts", LOGIC);
    await write("generic-logic/bad.ts", `import { readFileSync } from "node:fs";\nexport async function run() { readFileSync("x"); }\n`);
    const { code, stderr } = await build();
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      'generic-logic/bad.ts imports "node:fs": logic code runs on LOC, which has no Node built-ins',
    );
  });
});
