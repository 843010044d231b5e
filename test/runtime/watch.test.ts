/** Watch mode: an edited logic runs as edited at the next execution; a broken edit keeps the old code. */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { bundleLogic } from "../../runtime/bundler";
import type { LogicReload } from "../../runtime/executor/create-runtime";
import { serve } from "../../runtime/serve";
import { reloadLines, watchLogics, type LogicWatcher } from "../../runtime/watch/logic-watcher";
import { configOf, manually, runtimeOf, tempDir } from "./helpers";

const aggregator = (answer: string) => `
import { ResultAgent, type AggregatorContext, type RailwayError } from "@fstnetwork/loc-logic-sdk";
import { ANSWER } from "./lib/answer";

export async function run(_ctx: AggregatorContext) {
  ResultAgent.finalize({ answer: ANSWER, edit: ${JSON.stringify(answer)} });
}

export async function handleError(_ctx: AggregatorContext, error: RailwayError) {
  ResultAgent.finalize({ error: error.message }).httpStatusCode(500);
}
`;
const answerModule = (answer: string) => `export const ANSWER = ${JSON.stringify(answer)};\n`;

/** The reloads a watcher reports, awaited one at a time. */
function reloads() {
  const seen: LogicReload[] = [];
  const waiting: Array<(reload: LogicReload) => void> = [];
  return {
    onReload(reload: LogicReload) {
      const next = waiting.shift();
      if (next) next(reload);
      else seen.push(reload);
    },
    next(): Promise<LogicReload> {
      const reload = seen.shift();
      return reload ? Promise.resolve(reload) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

let watcher: LogicWatcher | undefined;
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
});

/** A data process of one aggregator importing lib/answer.ts; `built`: configured as its bundle in dist/. */
async function watched({ built = false } = {}) {
  const dir = await tempDir();
  const source = join(dir, "answer-aggregator.ts");
  await mkdir(join(dir, "lib"));
  await writeFile(join(dir, "lib", "answer.ts"), answerModule("A"));
  await writeFile(source, aggregator("one"));
  const bundle = join(dir, "dist", "answer-aggregator.js");
  if (built) await bundleLogic(source, { outfile: bundle });
  const logic = built ? bundle : source;
  const runtime = runtimeOf(configOf(join(dir, "state"), { answer: { aggregator: logic } }), { onConsole: () => {} });
  await runtime.ready;
  const events = reloads();
  watcher = await watchLogics(runtime, { debounceMs: 20, onReload: events.onReload });
  const answer = async () => (await runtime.execute(manually(["answer"]))).result;
  return { dir, source, logic, events, answer };
}

describe("watch mode", () => {
  it("runs the edited logic at the next execution, and keeps the old code when the edit does not build", async () => {
    const { logic, events, answer } = await watched();
    expect(await answer()).toEqual({ answer: "A", edit: "one" });

    await writeFile(logic, aggregator("two"));
    expect(await events.next()).toEqual({ reloaded: [logic], failed: [] });
    expect(await answer()).toEqual({ answer: "A", edit: "two" });

    await writeFile(logic, `${aggregator("three")}\nexport const broken = ;\n`);
    const failedReload = await events.next();
    expect(failedReload.reloaded).toEqual([]);
    expect(failedReload.failed).toHaveLength(1);
    const lines = reloadLines(failedReload);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^watch: .*answer-aggregator\.ts: .*answer-aggregator\.ts:\d+:\d+: /);
    expect(lines[0]).not.toContain("\n");
    expect(await answer()).toEqual({ answer: "A", edit: "two" });

    // Fixing it reloads it.
    await writeFile(logic, aggregator("four"));
    expect(await events.next()).toEqual({ reloaded: [logic], failed: [] });
    expect(await answer()).toEqual({ answer: "A", edit: "four" });
  });

  it("reloads a TypeScript logic when a module its bundle imports changes", async () => {
    const { dir, logic, events, answer } = await watched();
    await writeFile(join(dir, "lib", "answer.ts"), answerModule("B"));
    expect(await events.next()).toEqual({ reloaded: [logic], failed: [] });
    expect(await answer()).toEqual({ answer: "B", edit: "one" });
  });

  it("rebuilds a configured bundle when its source changes, and keeps it when the source does not build", async () => {
    const { source, logic, events, answer } = await watched({ built: true });
    expect(await answer()).toEqual({ answer: "A", edit: "one" });

    await writeFile(source, aggregator("two"));
    expect(await events.next()).toEqual({ reloaded: [logic], failed: [] });
    expect(await answer()).toEqual({ answer: "A", edit: "two" });

    await writeFile(source, `${aggregator("three")}\nexport const broken = ;\n`);
    const failedReload = await events.next();
    expect(failedReload).toMatchObject({ reloaded: [], failed: [{ file: source }] });
    expect(failedReload.failed[0]!.message).toMatch(/answer-aggregator\.ts:\d+:\d+: /);
    expect(await answer()).toEqual({ answer: "A", edit: "two" });
  });

  it("reloads a configured bundle whose folder was emptied and built again, as `npm run build` does", async () => {
    const { dir, logic, events, answer } = await watched({ built: true });
    const elsewhere = join(dir, "elsewhere", "answer-aggregator.ts");
    await mkdir(join(dir, "elsewhere", "lib"), { recursive: true });
    await writeFile(join(dir, "elsewhere", "lib", "answer.ts"), answerModule("C"));
    await writeFile(elsewhere, aggregator("rebuilt"));

    await rm(join(dir, "dist"), { recursive: true });
    await bundleLogic(elsewhere, { outfile: logic });
    // While the folder is gone, a reload may fail (and keep the old code); the one after the build loads it.
    let reload = await events.next();
    while (reload.reloaded.length === 0) {
      expect(reload.failed.map((failure) => failure.message)).toEqual([expect.stringMatching(/no such file/)]);
      reload = await events.next();
    }
    expect(reload).toEqual({ reloaded: [logic], failed: [] });
    expect(await answer()).toEqual({ answer: "C", edit: "rebuilt" });

    // And the new folder is watched.
    await writeFile(elsewhere, aggregator("rebuilt again"));
    await bundleLogic(elsewhere, { outfile: logic });
    expect(await events.next()).toEqual({ reloaded: [logic], failed: [] });
    expect(await answer()).toEqual({ answer: "C", edit: "rebuilt again" });
  });

  it("is what serve runs with its watch option, stopped when serve closes", async () => {
    const dir = await tempDir();
    const logic = join(dir, "answer-aggregator.ts");
    await mkdir(join(dir, "lib"));
    await writeFile(join(dir, "lib", "answer.ts"), answerModule("A"));
    await writeFile(logic, aggregator("one"));
    const events = reloads();
    const config = configOf(join(dir, "state"), { answer: { aggregator: logic } });
    const loc = await serve(config, {
      log: () => {},
      onConsole: () => {},
      port: 0,
      schedules: false,
      watch: { debounceMs: 20, onReload: events.onReload },
    });
    try {
      await writeFile(logic, aggregator("two"));
      expect(await events.next()).toEqual({ reloaded: [logic], failed: [] });
      expect((await loc.runtime.execute(manually(["answer"]))).result).toEqual({ answer: "A", edit: "two" });
    } finally {
      await loc.close();
    }
  });

  it("says each reload in one line naming the file", () => {
    expect(reloadLines({ reloaded: ["/x/a.ts"], failed: [{ file: "/x/b.ts", message: "b.ts:1:2: one\nb.ts:3:4: two" }] })).toEqual([
      "watch: reloaded /x/a.ts",
      "watch: /x/b.ts: b.ts:1:2: one; b.ts:3:4: two",
    ]);
  });
});
