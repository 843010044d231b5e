/**
 * A logic cannot get its polluted isolate reused by replacing the built-ins the runtime calls after
 * its run: neither by changing the realm check's verdict on its way out, nor with a replacement
 * that undoes itself when the runtime calls it and pollutes a moment later. The check and the
 * verdict call nothing a logic can replace (runtime/isolate/deno/realm-snapshot.ts).
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { configOf, manually, runtimeOf, tempDir } from "../runtime/helpers";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const HOOKS = ["verdict", "own-keys", "post-message", "clear-marks", "text-encoder", "promise-then"];

describe("isolate reuse, against a logic replacing the runtime's own built-ins", () => {
  it("never hands a hooked or polluted realm to the next logic", async () => {
    const runtime = runtimeOf(
      configOf(await tempDir(), {
        ...Object.fromEntries(
          HOOKS.map((mode) => [`hook-${mode}`, { aggregator: fixture("hooker.ts"), variables: { HOOK: mode } }]),
        ),
        probe: { aggregator: fixture("hook-probe.ts") },
      }),
    );
    const clean = { prototype: false, hasInstance: false, ownKeys: false, postMessage: false, clearMarks: false, encode: false, then: false };
    for (const mode of HOOKS) {
      // Sequential: each probe takes whatever isolate was freed last.
      const hooked = await runtime.execute(manually([`hook-${mode}`]));
      expect({ mode, status: hooked.status, result: hooked.result }).toEqual({ mode, status: 200, result: { hooked: mode } });
      for (let index = 0; index < 3; index++) {
        // A moment for anything the hooker left to happen (its microtasks run at once).
        await new Promise((resolve) => setTimeout(resolve, 20));
        const record = await runtime.execute(manually(["probe"]));
        expect({ mode, traces: record.result.traces }).toEqual({ mode, traces: clean });
      }
    }
    // Clean logics still run in reused isolates.
    expect(runtime.isolateStats().reused).toBeGreaterThan(HOOKS.length);
  });
});
