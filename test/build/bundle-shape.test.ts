/**
 * The shape LOC loads, for both logic forms: function-form exports become `globalThis.run` /
 * `globalThis.handleError`; a class-form logic registers itself with `Saffron.runtime` when the
 * script runs; the real SDK's workspace name `@fstnetwork/logic` builds exactly as
 * `@fstnetwork/loc-logic-sdk`.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundleLogic } from "../../runtime/bundler";
import { tempDir } from "../runtime/helpers";
import { evaluateBundle } from "./evaluate-bundle";

async function logicFile(name: string, text: string): Promise<string> {
  const dir = join(await tempDir(), "generic-logic");
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, name), text);
  return join(dir, name);
}

const FUNCTION_FORM = (sdk: string) => `import { LoggingAgent, type GenericContext, type RailwayError } from "${sdk}";

export async function run(ctx: GenericContext) {
  LoggingAgent.info(ctx.task.taskKey.taskId);
}

export async function handleError(_ctx: GenericContext, error: RailwayError) {
  LoggingAgent.error(error.message);
}
`;

const CLASS_FORM = `import { GenericLogic, Logic, LoggingAgent, type RailwayError } from "@fstnetwork/logic";

@Logic()
export default class Hello extends GenericLogic {
  async run() {
    LoggingAgent.info(this.context.task.taskKey.taskId);
  }

  async handleError(error: RailwayError) {
    LoggingAgent.error(error.message);
  }
}
`;

describe("bundle shape", () => {
  it("turns function-form exports into globalThis.run / globalThis.handleError", async () => {
    const file = await logicFile("hello.ts", FUNCTION_FORM("@fstnetwork/loc-logic-sdk"));
    const { code } = await bundleLogic(file);
    expect(code).toMatch(/globalThis\.run = run;/);
    expect(code).toMatch(/globalThis\.handleError = handleError;/);
    const { global, registered } = evaluateBundle(code, file);
    expect([typeof global.run, (global.run as () => void).length]).toEqual(["function", 1]);
    expect([typeof global.handleError, (global.handleError as () => void).length]).toEqual(["function", 2]);
    expect(registered).toEqual({ main: 0, errorHandler: 0 });
  });

  it("leaves a class-form logic to register itself with Saffron.runtime once, and sets no run global", async () => {
    const file = await logicFile("hello-class.ts", CLASS_FORM);
    const { code } = await bundleLogic(file);
    const { global, registered } = evaluateBundle(code, file);
    expect(registered).toEqual({ main: 1, errorHandler: 1 });
    expect(global.run).toBeUndefined();
    expect(global.handleError).toBeUndefined();
  });

  it("resolves @fstnetwork/logic, the real SDK's workspace name, to the SDK stand-in: the same bundle", async () => {
    const file = await logicFile("hello.ts", FUNCTION_FORM("@fstnetwork/loc-logic-sdk"));
    const { code: viaSdk } = await bundleLogic(file);
    await writeFile(file, FUNCTION_FORM("@fstnetwork/logic"));
    const { code: viaWorkspaceName, map } = await bundleLogic(file);
    const withoutMap = (code: string) => code.replace(/\/\/# sourceMappingURL=.*\n$/, "");
    expect(withoutMap(viaWorkspaceName)).toBe(withoutMap(viaSdk));
    expect(withoutMap(viaWorkspaceName)).not.toContain("@fstnetwork/logic");
    const sources = (JSON.parse(map) as { sources: string[] }).sources;
    expect(sources.filter((source) => source.endsWith("/sdk/src/index.ts"))).toHaveLength(1);
  });
});
