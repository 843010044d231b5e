/**
 * What the build refuses, with one clear line naming the file: a Node built-in (LOC has none), the
 * Saffron runtime imported as a value (LOC provides it as a global), and TypeScript that does not
 * compile (located as file:line:column).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundleLogic, LogicBuildError } from "../../runtime/bundler";
import { tempDir } from "../runtime/helpers";

const HANDLERS = `export async function run(_ctx: unknown) {}\nexport async function handleError(_ctx: unknown, _error: unknown) {}\n`;

/** A logic project in a temporary directory; returns its root. */
async function project(files: Record<string, string>): Promise<string> {
  const root = await tempDir();
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

async function buildFailure(root: string, entry: string): Promise<LogicBuildError> {
  const error: unknown = await bundleLogic(join(root, entry), { root }).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(LogicBuildError);
  return error as LogicBuildError;
}

describe("the build refuses", () => {
  it("a logic importing a Node built-in, naming the file and the import", async () => {
    const root = await project({ "generic-logic/read-file.ts": `import { readFileSync } from "node:fs";\nreadFileSync;\n${HANDLERS}` });
    const error = await buildFailure(root, "generic-logic/read-file.ts");
    expect(error.message).toBe('generic-logic/read-file.ts imports "node:fs": logic code runs on LOC, which has no Node built-ins');
  });

  it("a Node built-in imported by bare name deep in lib/, naming that file and the logic being bundled", async () => {
    const root = await project({
      "lib/checksum.ts": `import { createHash } from "crypto";\nexport const checksum = (text: string) => createHash("sha256").update(text).digest("hex");\n`,
      "generic-logic/sign.ts": `import { checksum } from "../lib/checksum";\nchecksum("x");\n${HANDLERS}`,
    });
    const error = await buildFailure(root, "generic-logic/sign.ts");
    expect(error.message).toBe('lib/checksum.ts imports "crypto" (bundling generic-logic/sign.ts): logic code runs on LOC, which has no Node built-ins');
  });

  it("a logic importing @fstnetwork/runtime as a value, naming it (LOC provides it as the global Saffron)", async () => {
    const root = await project({
      "aggregator-logic/result.ts": `import { ResultAgent } from "@fstnetwork/runtime";\nexport async function run(_ctx: unknown) { ResultAgent.finalize({}); }\nexport async function handleError(_ctx: unknown, _error: unknown) {}\n`,
    });
    const error = await buildFailure(root, "aggregator-logic/result.ts");
    expect(error.message).toBe(
      'aggregator-logic/result.ts imports "@fstnetwork/runtime": LOC provides it as the global Saffron; import the agents from "@fstnetwork/loc-logic-sdk"',
    );
  });

  it("but not a type-only import of @fstnetwork/runtime, which leaves nothing in the bundle", async () => {
    const root = await project({
      "generic-logic/typed.ts": `import type { GenericContext, RailwayError } from "@fstnetwork/runtime";\nexport async function run(_ctx: GenericContext) {}\nexport async function handleError(_ctx: GenericContext, _error: RailwayError) {}\n`,
    });
    const { code } = await bundleLogic(join(root, "generic-logic/typed.ts"), { root });
    expect(code).not.toContain("@fstnetwork/runtime");
  });

  it("a TypeScript logic with an esbuild error, located as file:line:column", async () => {
    const root = await project({
      "generic-logic/broken.ts": `import { LoggingAgent } from "@fstnetwork/loc-logic-sdk";\n\nexport async function run(_ctx: unknown) {\n  const total: number = ;\n  LoggingAgent.info(String(total));\n}\nexport async function handleError(_ctx: unknown, _error: unknown) {}\n`,
    });
    const error = await buildFailure(root, "generic-logic/broken.ts");
    expect(error.problems).toEqual([expect.stringMatching(/^generic-logic\/broken\.ts:4:24: Unexpected ";"$/)]);
  });

  it("an import that resolves nowhere, located the same way", async () => {
    const root = await project({ "generic-logic/missing.ts": `import { helper } from "../lib/not-there";\nhelper();\n${HANDLERS}` });
    const error = await buildFailure(root, "generic-logic/missing.ts");
    expect(error.message).toMatch(/^generic-logic\/missing\.ts:1:23: Could not resolve "\.\.\/lib\/not-there"$/);
  });
});
