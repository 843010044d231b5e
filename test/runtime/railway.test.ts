import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundleLogic } from "../../runtime/bundler";
import { configSchema } from "../../runtime/config/schema";
import { configOf, fixture, manually, runtimeOf, tempDir } from "./helpers";

describe("railway", () => {
  it("carries an error of the first generic logic to the later logics' handleError, with its original name and message", async () => {
    const runtime = runtimeOf(
      configOf(await tempDir(), {
        orders: {
          generic: ["fail-first.ts", "record-second.ts"],
          aggregator: "report-session.ts",
          variables: { REPORT_KEYS: "handled:fail-first,handled:record-second,ran:record-second" },
        },
      }),
    );
    const record = await runtime.execute(manually(["orders"]));
    const original = { name: "TypeError", message: "order 42 has no product" };
    expect(record.result).toEqual({
      called: "handleError",
      error: original,
      session: {
        "handled:fail-first": original,
        "handled:record-second": { ...original, failedLogic: expect.any(String), executedLogics: ["fail-first"] },
        "ran:record-second": null,
      },
    });
    expect(record.tasks[0]?.railwayError).toEqual({ ...original, logic: "fail-first" });
    expect(record.status).toBe(200);
  });

  it("calls run on every logic while the railway is ok", async () => {
    const runtime = runtimeOf(
      configOf(await tempDir(), {
        orders: { generic: ["record-second.ts"], aggregator: "report-session.ts", variables: { REPORT_KEYS: "ran:record-second" } },
      }),
    );
    const record = await runtime.execute(manually(["orders"]));
    expect(record.result).toEqual({ called: "run", session: { "ran:record-second": { logic: "record-second" } } });
    expect(record.tasks[0]?.railwayError).toBeUndefined();
  });
});

describe("logic forms", () => {
  it("runs class-form logics (default export extending GenericLogic/AggregatorLogic) with this.context", async () => {
    const runtime = runtimeOf(configOf(await tempDir(), { classy: { generic: ["class-generic.ts"], aggregator: "class-aggregator.ts" } }));
    const record = await runtime.execute(manually(["classy"]));
    expect(record.result).toEqual({ fromGeneric: { logic: "class-generic", isHttp: true }, dataProcess: "classy" });
    expect(record.status).toBe(200);
  });

  it("runs built bundles (.js) as it runs TypeScript sources", async () => {
    const dist = await tempDir();
    const generic = join(dist, "generic-logic", "class-generic.js");
    const aggregator = join(dist, "aggregator-logic", "class-aggregator.js");
    await bundleLogic(fixture("class-generic.ts"), { outfile: generic });
    await bundleLogic(fixture("class-aggregator.ts"), { outfile: aggregator });
    const config = configSchema.parse({ stateDir: await tempDir(), dataProcesses: { built: { generic: [generic], aggregator } } });
    const record = await runtimeOf(config).execute(manually(["built"]));
    expect(record.result).toEqual({ fromGeneric: { logic: "class-generic", isHttp: true }, dataProcess: "built" });
  });

  it("runs function-form logics with the manual trigger's http payload", async () => {
    const runtime = runtimeOf(configOf(await tempDir(), { echo: { aggregator: "echo-aggregator.ts" } }));
    const record = await runtime.execute(manually(["echo"], { order: 42 }));
    expect(record.result).toEqual({ echo: { order: 42 }, method: "POST", path: "/manual" });
    expect(record.logs).toEqual([expect.objectContaining({ level: "info", logic: "echo-aggregator", dataProcess: "echo" })]);
  });
});

describe("results of several data processes on one execution", () => {
  async function statusesOf(codes: number[]) {
    const dataProcesses = Object.fromEntries(
      codes.map((code, index) => [
        `dp${index}`,
        { aggregator: "report-session.ts", variables: { STATUS: String(code), RESULT_KEY: `dp${index}` } },
      ]),
    );
    const runtime = runtimeOf(configOf(await tempDir(), dataProcesses));
    return runtime.execute(manually(Object.keys(dataProcesses)));
  }

  it("merges task results by top-level key and picks 503 over 500 and 200", async () => {
    const record = await statusesOf([200, 503, 500]);
    expect(record.status).toBe(503);
    expect(record.tasks.map((task) => task.status)).toEqual([200, 503, 500]);
    expect(Object.keys(record.result).sort()).toEqual(["dp0", "dp1", "dp2"]);
    expect(record.result.dp1).toEqual({ called: "run", session: {} });
  });

  it("picks 404 over 302", async () => {
    expect((await statusesOf([404, 302])).status).toBe(404);
  });
});
