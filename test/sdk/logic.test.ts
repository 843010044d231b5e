import { describe, expect, it } from "vitest";
import { createIsolate } from "../saffron/isolate";
import { bundleLogic } from "./bundle";

const CLASS_FORM = `
import { GenericLogic, Logic, LoggingAgent, SessionStorageAgent, type RailwayError } from "@fstnetwork/loc-logic-sdk";

@Logic()
export default class Hello extends GenericLogic {
  static readonly greeting = "hello";

  async run() {
    LoggingAgent.info(Hello.greeting + " " + this.context.task.taskKey.taskId);
    const payload = await this.context.payload();
    if ("http" in payload) throw new Error("refused " + payload.http.requestId);
    await SessionStorageAgent.putString("seen", "yes");
  }

  async handleError(error: RailwayError) {
    LoggingAgent.error({ name: error.name, message: error.message, logic: error.logicPermanentIdentity });
  }
}
`;

const FUNCTION_FORM = `
import { LoggingAgent, ResultAgent, type AggregatorContext, type RailwayError } from "@fstnetwork/loc-logic-sdk";

export async function run(ctx: AggregatorContext) {
  ResultAgent.finalize({ task: ctx.task.taskKey.taskId }).httpStatusCode(201);
}

export async function handleError(ctx: AggregatorContext, error: RailwayError) {
  LoggingAgent.error(error.message);
}

Object.assign(globalThis, { run, handleError });
`;

describe("a logic built with the SDK", () => {
  it("contains no agent code and no Deno.core: it reads Saffron", async () => {
    const bundle = await bundleLogic(CLASS_FORM);
    expect(bundle).not.toMatch(/Deno|op_|opAsync|Plaintext|ByteArray|railway/i);
    expect(bundle).not.toMatch(/^\s*(import|export)\s/m);
    expect(bundle).toContain("Saffron.runtime.registerMain(");
    expect(bundle).toContain("Saffron.runtime.registerErrorHandler(");
    expect(bundle).toMatch(/var \{ LoggingAgent \} = Saffron;/);
    expect(bundle).toMatch(/var \{ SessionStorageAgent \} = Saffron;/);
  });

  it.each([
    ["standard", false],
    ["legacy", true],
  ])("registers a @Logic() class (%s decorators) when it is defined, and runs it with this.context", async (_, legacy) => {
    const isolate = await createIsolate({
      answers: {
        op_fetch_payload: () => ({ messageQueue: { data: [] } }),
        op_session_storage_agent_put: () => true,
      },
    });
    isolate.evaluate(await bundleLogic(CLASS_FORM, { legacy }));
    expect(() => isolate.saffron.runtime.registerMain(async () => {})).toThrow("main is already registered");
    await isolate.saffron.runtime.run();
    expect(isolate.callsOf("op_log")).toEqual([[{ level: "Info", message: { Plaintext: "hello task-1" } }]]);
    expect(isolate.callsOf("op_session_storage_agent_put")).toEqual([[{ key: "seen", value: { String: "yes" } }]]);
  });

  it("hands a class's failure to its handleError as the railway's error", async () => {
    const isolate = await createIsolate();
    isolate.evaluate(await bundleLogic(CLASS_FORM));
    await isolate.saffron.runtime.run();
    expect(isolate.callsOf("op_railway_switch")).toEqual([[{ name: "Error", message: "refused req-1" }]]);
    expect(isolate.callsOf("op_log").at(-1)).toEqual([
      { level: "Error", message: { Json: { name: "Error", message: "refused req-1", logic: "logic-1" } } },
    ]);
  });

  it("refuses a second @Logic() class in the same logic", async () => {
    const isolate = await createIsolate();
    const twice = `${CLASS_FORM}\n@Logic() class Again extends GenericLogic { async run() {} async handleError() {} }`;
    const bundle = await bundleLogic(twice);
    expect(() => isolate.evaluate(bundle)).toThrow("main is already registered");
  });

  it("gives a @Context() field the runtime's context", async () => {
    const isolate = await createIsolate();
    const source = `
      import { Context, GenericLogic, Logic, LoggingAgent, type GenericContext } from "@fstnetwork/loc-logic-sdk";
      @Logic()
      export default class WithField extends GenericLogic {
        @Context() ctx!: GenericContext;
        async run() { LoggingAgent.info(String(this.ctx === this.context) + " " + this.ctx.task.taskKey.executionId); }
        async handleError() {}
      }
    `;
    isolate.evaluate(await bundleLogic(source));
    await isolate.saffron.runtime.run();
    expect(isolate.callsOf("op_log")).toEqual([[{ level: "Info", message: { Plaintext: "true exec-1" } }]]);
  });

  it("adopts the function form that Object.assign(globalThis, { run, handleError }) leaves", async () => {
    const isolate = await createIsolate({ kind: "aggregator" });
    const bundle = await bundleLogic(FUNCTION_FORM);
    expect(bundle).not.toMatch(/Deno|op_/);
    isolate.evaluate(bundle);
    await isolate.saffron.runtime.run();
    expect(isolate.callsOf("op_result_agent_set")).toEqual([[{ task: "task-1" }]]);
    expect(isolate.callsOf("op_result_agent_set_http_status_code")).toEqual([[201]]);
  });
});
