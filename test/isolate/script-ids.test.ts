/**
 * A logic's script crosses to a worker once (runtime/isolate/script-ids): later runs there name it
 * by id; a worker that dropped it (WORKER_SCRIPTS newer ones since) gets the text again, and a
 * rebuilt script is a new one. Through a real isolate: every run evaluates the script it was given.
 */
import { describe, expect, it } from "vitest";
import { DenoIsolates } from "../../runtime/isolate/deno-isolates";
import { WORKER_SCRIPTS } from "../../runtime/isolate/protocol";
import { saffronScript } from "../../runtime/isolate/saffron-script";
import { ScriptIds } from "../../runtime/isolate/script-ids";
import { taskRecord } from "../helpers/task-record";

describe("ScriptIds", () => {
  it("send a script's text once per worker, again after the worker dropped it or stopped", () => {
    const ids = new ScriptIds();
    const first = ids.forRun(1, "a.js", "A");
    expect(first.script).toBe("A");
    expect(ids.forRun(1, "a.js", "A")).toEqual({ scriptId: first.scriptId });
    // Another worker has not got it; the same text under another name is another script.
    expect(ids.forRun(2, "a.js", "A")).toEqual({ scriptId: first.scriptId, script: "A" });
    expect(ids.forRun(1, "b.js", "A").scriptId).not.toBe(first.scriptId);
    // A rebuild (new text, same file) is a new script.
    const rebuilt = ids.forRun(1, "a.js", "A2");
    expect(rebuilt.script).toBe("A2");
    expect(rebuilt.scriptId).not.toBe(first.scriptId);
    for (let i = 0; i < WORKER_SCRIPTS; i++) ids.forRun(1, `other-${i}.js`, `O${i}`);
    expect(ids.forRun(1, "a.js", "A")).toEqual({ scriptId: first.scriptId, script: "A" });
    ids.forget(2);
    expect(ids.forRun(2, "a.js", "A").script).toBe("A");
  });
});

describe("scripts by id through a real isolate", () => {
  it("run each script as given, in one reused isolate, past the scripts a worker keeps", async () => {
    // One isolate, reused for every run: it holds at most WORKER_SCRIPTS scripts at a time.
    const isolates = new DenoIsolates({ saffron: saffronScript, spares: 1, maxIdle: 1 });
    const task = taskRecord();
    // Each script tells which it is by the file storage it acquires.
    const script = (label: string) => `
      globalThis.run = async function (ctx) { await Saffron.FileStorageAgent.acquire(${JSON.stringify(label)}); };
      globalThis.handleError = async function (ctx, error) {};`;
    const runOnce = async (filename: string, text: string): Promise<string | undefined> => {
      let acquired: string | undefined;
      const running = await isolates.run(
        { kind: "generic", name: filename, filename, script: text, task, variables: {} },
        {
          op(name, args) {
            if (name === "op_railway_is_ok") return true;
            if (name === "op_file_storage_agent_acquire") return (acquired = String(args[0]));
            return null;
          },
          sync: () => undefined,
          console: () => undefined,
        },
      );
      const outcome = await running.outcome;
      expect(outcome.failure).toBeUndefined();
      return acquired;
    };
    try {
      const order = ["a", "b", "a", ...Array.from({ length: WORKER_SCRIPTS }, (_, i) => `x${i}`), "a", "b"];
      const seen: Array<string | undefined> = [];
      for (const label of order) seen.push(await runOnce(`${label}.js`, script(label)));
      // A rebuild of a.js under the same file name runs the new text.
      seen.push(await runOnce("a.js", script("a-rebuilt")));
      expect(seen).toEqual([...order, "a-rebuilt"]);
      expect(isolates.stats.reused).toBeGreaterThan(order.length - 3);
    } finally {
      await isolates.close();
    }
  });
});
