/**
 * Isolates are reused only when their realm comes back clean: a polluting logic never hands its
 * state to the next one (its isolate is dropped), while clean logics do run in reused isolates.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { configOf, manually, runtimeOf, tempDir } from "../runtime/helpers";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const POLLUTIONS = ["global", "prototype", "builtin", "saffron", "listener", "mark", "hidden-intrinsic", "web-iterator", "runtime-class", "timer"];

describe("isolate reuse", () => {
  it("never lets a logic's module-level or global state reach the next execution", async () => {
    const dataProcesses = Object.fromEntries(
      POLLUTIONS.map((mode) => [
        `pollute-${mode}`,
        { generic: [fixture("polluter.ts")], aggregator: "report-session.ts", variables: { POLLUTE: mode, REPORT_KEYS: "polluter-runs" } },
      ]),
    );
    const runtime = runtimeOf(
      configOf(await tempDir(), {
        ...dataProcesses,
        clean: { generic: [fixture("polluter.ts")], aggregator: "report-session.ts", variables: { REPORT_KEYS: "polluter-runs" } },
        probe: { generic: [fixture("probe.ts")], aggregator: "report-session.ts", variables: { REPORT_KEYS: "traces" } },
      }),
    );
    const clean = {
      moduleState: false,
      global: false,
      prototype: false,
      builtin: false,
      saffron: false,
      listener: false,
      mark: false,
      hiddenIntrinsic: false,
      webIterator: false,
      runtimeClass: false,
    };
    for (const mode of POLLUTIONS) {
      // Sequential: each probe takes whatever isolate was freed last.
      await runtime.execute(manually([`pollute-${mode}`]));
      for (let index = 0; index < 3; index++) {
        const record = await runtime.execute(manually(["probe"]));
        expect({ mode, traces: record.result.session }).toEqual({ mode, traces: { traces: clean } });
      }
    }
    // The polluter's own module state starts over too.
    for (let index = 0; index < 3; index++) {
      const record = await runtime.execute(manually(["clean"]));
      expect(record.result.session).toEqual({ "polluter-runs": 1 });
    }
    // And clean logics did run in reused isolates.
    expect(runtime.isolateStats().reused).toBeGreaterThan(10);
  });
});
