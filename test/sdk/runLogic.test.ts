import { afterEach, describe, expect, it } from "vitest";
import {
  GenericLogic,
  Logic,
  LoggingAgent,
  RailwayError,
  __runLogic,
  isLogicClass,
  type GenericContext,
} from "@fstnetwork/loc-logic-sdk";
import type { HostOpName } from "../../sdk/src/host/ops";
import { installFakeDeno, task, type FakeDeno } from "./fakeDeno";

let deno: FakeDeno;
afterEach(() => deno.restore());

function railwayHost(ok: boolean) {
  return {
    op_fetch_task: () => task,
    op_railway_is_ok: () => ok,
    op_railway_get_error: () => ({ name: "Error", message: "earlier failure", logicPermanentIdentity: "p-0", logicRevision: 1 }),
  } satisfies Partial<Record<HostOpName, () => unknown>>;
}

describe("__runLogic (function form)", () => {
  it("calls run with the context when the railway is ok", async () => {
    deno = installFakeDeno(railwayHost(true));
    const seen: string[] = [];
    await __runLogic("generic", {
      run: async (ctx: GenericContext) => void seen.push(`run ${ctx.task.taskKey.taskId}`),
      handleError: async () => void seen.push("handleError"),
    });
    expect(seen).toEqual(["run task-1"]);
    expect(deno.callsOf("op_railway_switch")).toEqual([]);
  });

  it("switches the railway when run throws and hands the error to handleError", async () => {
    deno = installFakeDeno(railwayHost(true));
    const handled: unknown[] = [];
    await __runLogic("generic", {
      run: async () => {
        throw "no order";
      },
      handleError: async (_ctx: GenericContext, error: RailwayError) => void handled.push(error),
    });
    expect(deno.callsOf("op_railway_switch")).toEqual([[{ name: "CustomError", message: "no order" }]]);
    expect(handled[0]).toBeInstanceOf(RailwayError);
  });

  it("calls only handleError when the railway is already in error", async () => {
    deno = installFakeDeno(railwayHost(false));
    const seen: string[] = [];
    await __runLogic("aggregator", {
      run: async () => void seen.push("run"),
      handleError: async (_ctx: GenericContext, error: RailwayError) => void seen.push(error.message),
    });
    expect(seen).toEqual(["earlier failure"]);
  });

  it("rejects a module that has no logic", async () => {
    deno = installFakeDeno(railwayHost(true));
    await expect(__runLogic("generic", { helper: 1 } as object)).rejects.toThrow(/neither a run function nor a @Logic\(\) default class/);
  });
});

// Vitest leaves decorator syntax to Node, which lacks it: the decorators are applied as the
// compiled code would (the bundler tests cover the `@Logic()` syntax itself).
describe("class form", () => {
  class Hello extends GenericLogic {
    async run() {
      LoggingAgent.info(`hello ${this.context.task.taskKey.taskId}`);
      throw new RangeError("too far");
    }
    async handleError(error: RailwayError) {
      LoggingAgent.error(`${error.name}: ${error.message}`);
    }
  }

  it("marks a class decorated the standard way and runs it with this.context", async () => {
    Logic()(Hello, { kind: "class", name: "Hello" } as ClassDecoratorContext);
    expect(isLogicClass(Hello)).toBe(true);
    deno = installFakeDeno({
      ...railwayHost(true),
      op_railway_get_error: () => ({ name: "RangeError", message: "too far", logicPermanentIdentity: "p", logicRevision: 1 }),
    });
    await __runLogic("generic", { default: Hello });
    expect(deno.callsOf("op_log")).toEqual([
      [{ level: "Info", message: { Plaintext: "hello task-1" } }],
      [{ level: "Error", message: { Plaintext: "RangeError: too far" } }],
    ]);
  });

  it("marks a class decorated the legacy way (one argument) too, and nothing else", () => {
    class Legacy extends GenericLogic {
      async run() {}
      async handleError() {}
    }
    expect(isLogicClass(Legacy)).toBe(false);
    Logic()(Legacy);
    expect(isLogicClass(Legacy)).toBe(true);
    expect(isLogicClass(GenericLogic)).toBe(false);
  });
});
