import { mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import vm from "node:vm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bundleLogic, LogicBuildError, sdkSandboxScript, toSandboxScript } from "../../runtime/bundler";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "bundler-test-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(path: string, text: string): Promise<string> {
  const file = join(dir, path);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
}

/** A vm context with a minimal host, the way the runtime evaluates a logic. */
function sandbox() {
  const logs: unknown[] = [];
  const task = { taskKey: { executionId: "e", taskId: "t" }, startTimestamp: "now", executedLogics: [] };
  const host: Record<string, (...args: unknown[]) => unknown> = {
    op_log: (entry) => logs.push(entry),
    op_fetch_task: () => task,
    op_railway_is_ok: () => true,
  };
  const Deno = { core: { ops: host, opAsync: async (name: string, ...args: unknown[]) => host[name]?.(...args) } };
  return { context: vm.createContext({ Deno }), logs };
}

const FUNCTION_FORM = `
import { LoggingAgent, type GenericContext, type RailwayError } from "@fstnetwork/loc-logic-sdk";
export async function run(ctx: GenericContext) { LoggingAgent.info("run " + ctx.task.taskKey.taskId); }
export async function handleError(ctx: GenericContext, error: RailwayError) { LoggingAgent.error(error.message); }
`;

const CLASS_FORM = `
import { GenericLogic, Logic, LoggingAgent, type RailwayError } from "@fstnetwork/loc-logic-sdk";
@Logic()
export default class Hello extends GenericLogic {
  async run() { LoggingAgent.info("hello " + this.context.task.taskKey.taskId); }
  async handleError(error: RailwayError) { LoggingAgent.error(error.message); }
}
`;

async function runInSandbox(code: string) {
  const { context, logs } = sandbox();
  const module = vm.runInContext(toSandboxScript(code), context);
  const sdk = vm.runInContext(await sdkSandboxScript(), context);
  await sdk.__runLogic("generic", module);
  return { module, logs, context };
}

describe("bundleLogic", () => {
  it("bundles a logic outside the repo with the SDK inlined and no import left", async () => {
    const entry = await write("x.ts", FUNCTION_FORM);
    const { code, map } = await bundleLogic(entry);
    expect(code).not.toMatch(/^\s*import\b/m);
    expect(code).not.toContain("@fstnetwork/loc-logic-sdk");
    expect(code).toMatch(/export\s*\{[^}]*\brun\b/);
    expect(code).toContain("//# sourceMappingURL=data:application/json;base64,");
    expect(JSON.parse(map).sources.some((source: string) => source.endsWith("x.ts"))).toBe(true);

    const { module, logs } = await runInSandbox(code);
    expect(Object.keys(module).sort()).toEqual(["handleError", "run"]);
    expect(logs).toEqual([{ level: "Info", message: { Plaintext: "run t" } }]);
  });

  it("fails naming the logic file and the import when it imports a Node built-in", async () => {
    const entry = await write("generic-logic/x.ts", `import { readFileSync } from "node:fs";\nexport async function run() { readFileSync("a"); }\n`);
    const failure = bundleLogic(entry, { root: dir });
    await expect(failure).rejects.toBeInstanceOf(LogicBuildError);
    await expect(failure).rejects.toThrow(
      'generic-logic/x.ts imports "node:fs": logic code runs on LOC, which has no Node built-ins',
    );
  });

  it("fails naming the helper, its import and the logic when a helper imports a bare built-in", async () => {
    await write("lib/paths.ts", `import { join } from "path";\nexport const where = join("a", "b");\n`);
    const entry = await write("generic-logic/x.ts", `import { where } from "../lib/paths";\nexport async function run() { return where; }\n`);
    await expect(bundleLogic(entry, { root: dir })).rejects.toThrow(
      'lib/paths.ts imports "path" (bundling generic-logic/x.ts): logic code runs on LOC, which has no Node built-ins',
    );
  });

  it("reports other build errors with their location", async () => {
    const entry = await write("x.ts", `import { nothing } from "./missing";\nexport const run = nothing;\n`);
    await expect(bundleLogic(entry, { root: dir })).rejects.toThrow(/^x\.ts:1:\d+: Could not resolve "\.\/missing"/);
  });

  it("bundles the class form (standard decorators) with the class as default export", async () => {
    const entry = await write("hello.ts", CLASS_FORM);
    const { code } = await bundleLogic(entry);
    expect(code).not.toMatch(/^\s*@/m);
    expect(code).toMatch(/export\s*\{\s*\w+ as default\s*\}/);
    const { module, logs } = await runInSandbox(code);
    expect(Object.keys(module)).toEqual(["default"]);
    expect(logs).toEqual([{ level: "Info", message: { Plaintext: "hello t" } }]);
  });

  it("bundles the class form under legacy experimental decorators too", async () => {
    await write("tsconfig.json", JSON.stringify({ compilerOptions: { experimentalDecorators: true } }));
    const entry = await write("hello.ts", CLASS_FORM);
    const { code } = await bundleLogic(entry);
    expect(code).toContain("__decorateClass");
    const { logs } = await runInSandbox(code);
    expect(logs).toEqual([{ level: "Info", message: { Plaintext: "hello t" } }]);
  });

  it("writes the bundle and an external source map beside it", async () => {
    const entry = await write("x.ts", FUNCTION_FORM);
    const outfile = join(dir, "dist", "x.js");
    const { code, map } = await bundleLogic(entry, { outfile });
    expect(await readFile(outfile, "utf8")).toBe(code);
    expect(await readFile(`${outfile}.map`, "utf8")).toBe(map);
    expect(code).not.toContain("sourceMappingURL=data:");
    expect(JSON.parse(map).sources).toContain("../x.ts");
  });
});

describe("toSandboxScript", () => {
  it("completes with the module's exports and declares nothing in the context", async () => {
    const script = toSandboxScript(`const secret = 1;\nexport const answer = 42;\nexport default function hello() { return "hi"; }\n`);
    const context = vm.createContext({});
    const module = vm.runInContext(script, context);
    expect(module.answer).toBe(42);
    expect(module.default()).toBe("hi");
    expect(Object.keys(context)).toEqual([]);
  });
});
