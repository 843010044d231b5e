import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { saffronScript } from "../../runtime/isolate/saffron-script";
import { createIsolate, type Saffron } from "./isolate";

describe("the Saffron script", () => {
  it("is one classic script, built once per process", async () => {
    const script = await saffronScript();
    expect(await saffronScript()).toBe(script);
    expect(script).not.toMatch(/^\s*(import|export)\s/m);
    expect(script).toContain("sourceMappingURL=data:application/json");
  });

  it("defines the global Saffron when evaluated by indirect eval, with a live runtime binding", async () => {
    const global: Record<string, unknown> = { Request, Response, Headers, ReadableStream, URL, code: await saffronScript() };
    vm.runInContext("(0, eval)(code)", vm.createContext(global));
    const saffron = global.Saffron as Saffron;
    expect(saffron.runtime).toBeUndefined();
    saffron.genericLogic();
    const first = saffron.runtime;
    expect(first.context).toBeInstanceOf(saffron.GenericContext);
    saffron.aggregatorLogic();
    expect(saffron.runtime).not.toBe(first);
    expect(saffron.runtime.context).toBeInstanceOf(saffron.AggregatorContext);
  });

  it("puts the context classes and LOC's Request on the global object", async () => {
    const { saffron, global } = await createIsolate();
    expect(global.GenericContext).toBe(saffron.GenericContext);
    expect(global.AggregatorContext).toBe(saffron.AggregatorContext);
    expect(global.Request).not.toBe(Request);
    expect((global.Request as typeof Request).name).toBe("Request");
    expect(Object.keys(saffron).sort()).toEqual(
      [
        "AggregatorContext", "DatabaseAgent", "DatabaseClient", "DatabaseClientId", "EventAgent", "FileStorageAgent",
        "FileStorageAgentClient", "GenericContext", "HttpAgent", "HttpAgentClient", "LocalStorageAgent", "LoggingAgent",
        "LogicVariable", "Mail", "MailAgent", "MailAgentClient", "Railway", "RailwayError", "ResultAgent",
        "SessionStorageAgent", "aggregatorLogic", "genericLogic", "runtime",
      ].sort(),
    );
  });
});

describe("Saffron.runtime: registration", () => {
  it("refuses a second main or error handler", async () => {
    const { saffron } = await createIsolate();
    saffron.runtime.registerMain(async () => {});
    saffron.runtime.registerErrorHandler(async () => {});
    expect(() => saffron.runtime.registerMain(async () => {})).toThrow("main is already registered");
    expect(() => saffron.runtime.registerErrorHandler(async () => {})).toThrow("error handler is already registered");
  });

  it("runs once: a second run throws", async () => {
    const { saffron } = await createIsolate();
    await saffron.runtime.run();
    await expect(saffron.runtime.run()).rejects.toThrow("already executed");
  });

  it("runs nothing, silently, when nothing is registered", async () => {
    const { saffron, calls } = await createIsolate();
    await saffron.runtime.run();
    expect(calls.map((call) => call.name)).toEqual(["op_railway_is_ok"]);
  });
});

describe("Saffron.runtime: function-form globals", () => {
  const logic = (runParams: string, handleErrorParams: string) => `
    globalThis.run = async function (${runParams}) { Deno.core.ops.op_log({ level: "Info", message: { Plaintext: "run " + (ctx === undefined ? "?" : ctx.constructor.name) } }); };
    globalThis.handleError = async function (${handleErrorParams}) { Deno.core.ops.op_log({ level: "Info", message: { Plaintext: "handleError" } }); };
  `;

  it("adopts run(ctx) and handleError(ctx, error), bound to the context", async () => {
    const { saffron, evaluate, callsOf } = await createIsolate();
    evaluate(logic("ctx", "ctx, error"));
    await saffron.runtime.run();
    expect(callsOf("op_log")).toEqual([[{ level: "Info", message: { Plaintext: "run GenericContext" } }]]);
  });

  it.each([
    ["run of no parameter", "", "ctx, error"],
    ["run of two parameters", "ctx, other", "ctx, error"],
    ["handleError of one parameter", "ctx", "ctx"],
  ])("does not adopt them on %s, as LOC", async (_, runParams, handleErrorParams) => {
    const { saffron, evaluate, callsOf } = await createIsolate();
    evaluate(`var ctx; ${logic(runParams, handleErrorParams)}`);
    await saffron.runtime.run();
    expect(callsOf("op_log")).toEqual([]);
  });

  it("prefers a registered class to the globals", async () => {
    const { saffron, evaluate, callsOf } = await createIsolate();
    evaluate(logic("ctx", "ctx, error"));
    let registeredRan = false;
    saffron.runtime.registerMain(async () => {
      registeredRan = true;
    });
    await saffron.runtime.run();
    expect(registeredRan).toBe(true);
    expect(callsOf("op_log")).toEqual([]);
  });
});

describe("Saffron.runtime: the railway", () => {
  async function runWith(main: () => Promise<void>, railwayError?: { name: string; message: string }) {
    const isolate = await createIsolate({ railwayError });
    const handled: unknown[] = [];
    isolate.saffron.runtime.registerMain(main);
    isolate.saffron.runtime.registerErrorHandler(async (error) => {
      handled.push(error);
    });
    await isolate.saffron.runtime.run();
    return { ...isolate, handled };
  }

  it("runs main while the railway is ok", async () => {
    let ran = false;
    const { handled, calls } = await runWith(async () => {
      ran = true;
    });
    expect(ran).toBe(true);
    expect(handled).toEqual([]);
    expect(calls.map((call) => call.name)).toEqual(["op_railway_is_ok"]);
  });

  it("switches the railway when main throws, then hands the RailwayError to the handler", async () => {
    const { handled, calls, saffron } = await runWith(async () => {
      throw new URIError("invalid URI");
    });
    expect(calls.map((call) => call.name)).toEqual(["op_railway_is_ok", "op_railway_switch", "op_railway_get_error"]);
    expect(calls[1]!.args).toEqual([{ name: "URIError", message: "invalid URI" }]);
    expect(handled).toHaveLength(1);
    const error = handled[0] as InstanceType<Saffron["RailwayError"]>;
    expect(error).toBeInstanceOf(saffron.RailwayError);
    expect({ ...error, name: error.name, message: error.message }).toEqual({
      name: "URIError",
      message: "invalid URI",
      logicPermanentIdentity: "logic-1",
      logicRevision: 3,
    });
  });

  it.each([
    ["a string", "plain failure", "plain failure"],
    ["a number", 42, "42"],
    ["an object", { code: 1 }, "[object Object]"],
    ["a symbol", Symbol("odd"), "Symbol(odd)"],
  ])("reports a thrown %s as a CustomError", async (_, thrown, message) => {
    const { callsOf } = await runWith(async () => {
      throw thrown;
    });
    expect(callsOf("op_railway_switch")).toEqual([[{ name: "CustomError", message }]]);
  });

  it("calls only the handler when the railway is already in error", async () => {
    let ran = false;
    const { handled, calls } = await runWith(
      async () => {
        ran = true;
      },
      { name: "TypeError", message: "earlier logic failed" },
    );
    expect(ran).toBe(false);
    expect(calls.map((call) => call.name)).toEqual(["op_railway_is_ok", "op_railway_get_error"]);
    expect((handled[0] as Error).message).toBe("earlier logic failed");
  });

  it("lets a failing handler reject run()", async () => {
    const { saffron } = await createIsolate();
    saffron.runtime.registerMain(async () => {
      throw new Error("first");
    });
    saffron.runtime.registerErrorHandler(async () => {
      throw new Error("handler failed too");
    });
    await expect(saffron.runtime.run()).rejects.toThrow("handler failed too");
  });
});
