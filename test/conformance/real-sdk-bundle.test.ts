/**
 * Bundles built against the REAL SDK packages (rollup iife, `@fstnetwork/runtime` external as the
 * global `Saffron`, the logic package inlined, legacy `__decorate`): configured as `.js` files,
 * loaded unchanged, and run with the result LOC documents.
 */
import { readFile } from "node:fs/promises";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { loadLogicScript } from "../../runtime/executor/prepare-logic";
import { conformanceRuntime, executeManually, logic, logsOf } from "./harness";

const BUNDLES = ["generic_a.js", "generic_b.js", "railway_switch.js", "aggregator.js", "function_form.js"].map((name) => `real-sdk/${name}`);

describe("bundles built with the real SDK", () => {
  it.each(BUNDLES)("%s is a classic script reading Saffron, and the runtime loads its bytes unchanged", async (name) => {
    const text = await readFile(logic(name), "utf8");
    expect(() => new vm.Script(text, { filename: name })).not.toThrow();
    expect(text).toMatch(/\bconst \{ SessionStorageAgent \} = Saffron;/);
    expect(await loadLogicScript(logic(name))).toBe(text);
  });

  it("runs a class-form data process: @Logic() via __decorate registers with Saffron.runtime, this.context works", async () => {
    const runtime = await conformanceRuntime({
      dataProcesses: { sample: { generic: ["real-sdk/generic_a.js", "real-sdk/generic_b.js"], aggregator: "real-sdk/aggregator.js" } },
    });
    const record = await executeManually(runtime, ["sample"]);
    expect(record.result).toEqual({ kuma: 12000, executedLogics: ["generic_a", "generic_b"] });
    expect(record.status).toBe(200);
    expect(logsOf(record, "generic_a")).toEqual([{ level: "info", message: "generic A runs as generic_a" }]);
    expect(record.tasks[0]?.railwayError).toBeUndefined();
  });

  it("follows the railway: a throw in run reaches the same logic's handleError, then every later one's", async () => {
    const runtime = await conformanceRuntime({
      dataProcesses: {
        switching: { generic: ["real-sdk/generic_a.js", "real-sdk/railway_switch.js", "real-sdk/generic_b.js"], aggregator: "real-sdk/aggregator.js" },
      },
    });
    const record = await executeManually(runtime, ["switching"]);
    expect(logsOf(record, "railway_switch")).toEqual([
      { level: "info", message: "on Railway Ok" },
      { level: "info", message: "on Railway Error: URIError: invalid URI" },
    ]);
    expect(logsOf(record, "generic_b")).toEqual([{ level: "info", message: "generic B on the error track: URIError: invalid URI" }]);
    expect(record.result).toEqual({ error: { name: "URIError", message: "invalid URI" }, kuma: null });
    expect(record.status).toBe(500);
    expect(record.tasks[0]?.railwayError).toEqual({ name: "URIError", message: "invalid URI", logic: "railway_switch" });
  });

  it("adopts a function-form bundle's run / handleError from the global object", async () => {
    const runtime = await conformanceRuntime({
      dataProcesses: { functional: { generic: ["real-sdk/function_form.js", "real-sdk/generic_b.js"], aggregator: "real-sdk/aggregator.js" } },
    });
    const record = await executeManually(runtime, ["functional"]);
    expect(record.result).toEqual({ kuma: 12000, executedLogics: ["function_form", "generic_b"] });
    expect(record.logs).toEqual([]);
  });
});
