/**
 * Property-based fuzz of the manual trigger: random payload files read as `loc-local execute` / `run`
 * read them (runtime/cli/payload), executed as they execute them (runtime/cli/manual-execution) and
 * printed through the CLI's terminal escaping — in process against the stand-in data process, the
 * stand-in logic in its isolate and the real `grafx-order-handling`; and a few real CLI processes.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeManually } from "../../runtime/cli/manual-execution";
import { executionSummary } from "../../runtime/cli/output";
import { readPayloadText } from "../../runtime/cli/payload";
import { terminalText } from "../../runtime/cli/terminal-text";
import type { Executor } from "../../runtime/contract";
import { startRuntime, type LocalRuntime } from "../../runtime/executor";
import { configSchema } from "../../runtime/config/schema";
import { DATA_PROCESS, startLocalLoc, type LocalLoc } from "../e2e/helpers/local-loc";
import { Figures, FUZZ_SEED, fuzzCount, fuzzTimeout } from "./fuzz-run";
import { OrderPayloadExecutor, STAND_IN } from "./order-payload-executor";
import { describeBytes, payloadBytes } from "./payload-arbitraries";
import { judgeExecution } from "./verdicts";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const CLI = join(REPO, "bin", "loc-local.js");
const STAND_IN_AGGREGATOR = join(REPO, "test", "fuzz", "fixtures", "order-payload-aggregator.ts");
/** Code points a terminal obeys (C0 but newline and tab, DEL, C1). */
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;
const EXECUTION_BOUND_MS = 60_000;
const CLI_BOUND_MS = 60_000;
const CLI_AT_ONCE = 3;

const counts = {
  inProcess: fuzzCount(200, 1 / 3),
  isolate: fuzzCount(30, 1 / 40),
  real: fuzzCount(10, 1 / 200),
  cli: fuzzCount(3, 1 / 1_000),
};

let dir: string;
let fileNumber = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "loc-fuzz-manual-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function payloadFile(bytes: Uint8Array): Promise<string> {
  const file = join(dir, `payload-${fileNumber++}.json`);
  await writeFile(file, bytes);
  return file;
}

function within<T>(work: Promise<T>, ms: number): Promise<T | "hang"> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<"hang">((resolve) => (timer = setTimeout(() => resolve("hang"), ms)));
  return Promise.race([work, hang]).finally(() => clearTimeout(timer));
}

/** One payload file, read and executed as the CLI does; what it would print is checked too. */
async function judgePayloadFile(figures: Figures, executor: Executor, dataProcess: string, bytes: Uint8Array): Promise<void> {
  const example = describeBytes(bytes);
  const file = await payloadFile(bytes);
  let text: string;
  try {
    text = await readPayloadText(file);
  } catch (error) {
    const message = (error as Error).message;
    figures.input("refused by the CLI (not JSON)");
    // The CLI prints it as one escaped line (checked on real processes below); here: it names the file and why.
    if ((error as Error).name !== "InputError" || !message.startsWith(`payload ${file}: not valid JSON`)) {
      figures.fail("bad answer", `${(error as Error).name}: ${message.slice(0, 200)} ← ${example}`);
    }
    return;
  }
  try {
    const record = await within(executeManually(executor, dataProcess, text), EXECUTION_BOUND_MS);
    if (record === "hang") {
      figures.input("hang");
      figures.fail("hang", `no result within ${EXECUTION_BOUND_MS} ms ← ${example}`);
      return;
    }
    figures.input(record.status);
    const judged = judgeExecution(record.status, record.result);
    if (judged.failure) figures.fail(judged.failure, `${judged.detail} ← ${example}`);
    const printed = terminalText(JSON.stringify(executionSummary(record), null, 2));
    if (TERMINAL_CONTROL.test(printed) || JSON.stringify(JSON.parse(printed).result) !== JSON.stringify(record.result)) {
      figures.fail("bad answer", `the printed summary is not terminal-safe JSON of the result ← ${example}`);
    }
  } catch (error) {
    figures.input("crash");
    figures.fail("crash", `${(error as Error).name}: ${(error as Error).message} ← ${example}`);
  }
}

async function fuzzPayloadFiles(figures: Figures, count: number, executor: Executor, dataProcess: string): Promise<void> {
  await fc.assert(
    fc.asyncProperty(payloadBytes(), (bytes) => judgePayloadFile(figures, executor, dataProcess, bytes)),
    { numRuns: count, seed: FUZZ_SEED, endOnFailure: true },
  );
}

interface CliOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

function runCli(args: string[]): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, stdio: ["ignore", "pipe", "pipe"], timeout: CLI_BOUND_MS });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.once("error", reject);
    child.once("close", (code, signal) =>
      resolve({ code, signal, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8"), timedOut: signal === "SIGTERM" }),
    );
  });
}

/** `loc-local run` as a user runs it: exit code, one-line errors, terminal-safe output. */
async function judgeCliRun(figures: Figures, bytes: Uint8Array): Promise<void> {
  const example = describeBytes(bytes);
  const file = await payloadFile(bytes);
  const outcome = await runCli(["run", "--aggregator", STAND_IN_AGGREGATOR, "--payload", file, "--state-dir", join(dir, "state")]);
  figures.input(outcome.timedOut ? "hang" : `exit ${outcome.code}`);
  if (outcome.timedOut) return figures.fail("hang", `loc-local did not end within ${CLI_BOUND_MS} ms ← ${example}`);
  if (outcome.code === null || ![0, 1, 2].includes(outcome.code) || /\n\s+at /.test(outcome.stderr)) {
    return figures.fail("crash", `exit ${outcome.code} (${outcome.signal}): ${outcome.stderr.slice(0, 300)} ← ${example}`);
  }
  if (TERMINAL_CONTROL.test(outcome.stdout) || TERMINAL_CONTROL.test(outcome.stderr)) figures.fail("bad answer", `a raw control byte reached the terminal ← ${example}`);
  if (outcome.stdout === "") {
    if (!/^loc-local: payload .*: not valid JSON/.test(outcome.stderr) || outcome.code !== 1) figures.fail("bad answer", `no result and no one-line reason: ${outcome.stderr.slice(0, 300)} ← ${example}`);
    return;
  }
  const printed = JSON.parse(outcome.stdout) as { status: number; result: unknown };
  const judged = judgeExecution(printed.status, printed.result);
  if (judged.failure) figures.fail(judged.failure, `${judged.detail} ← ${example}`);
  if (outcome.code !== (printed.status >= 500 ? 2 : printed.status >= 400 ? 1 : 0)) figures.fail("bad answer", `exit ${outcome.code} for status ${printed.status} ← ${example}`);
}

describe("fuzz: the manual trigger", () => {
  it(`reads and executes ${counts.inProcess} random payload files (stand-in data process) with no 5xx, every 400 naming its path`, { timeout: fuzzTimeout(counts.inProcess, 50) }, async () => {
    const figures = new Figures("manual trigger (stand-in data process)");
    await fuzzPayloadFiles(figures, counts.inProcess, new OrderPayloadExecutor(), STAND_IN);
    figures.report();
    expect(figures.examples).toEqual([]);
  });

  describe("with the stand-in logic in its isolate", () => {
    let runtime: LocalRuntime;
    beforeAll(async () => {
      const config = configSchema.parse({ stateDir: join(dir, "isolate-state"), dataProcesses: { [STAND_IN]: { aggregator: STAND_IN_AGGREGATOR } } });
      runtime = await startRuntime(config, { onConsole: () => {} });
    });
    afterAll(() => runtime?.close(1_000));

    it(`executes ${counts.isolate} random payload files with no 5xx and no crash of the isolates`, { timeout: fuzzTimeout(counts.isolate, 1_000) }, async () => {
      const figures = new Figures("manual trigger (stand-in logic in a Deno isolate)");
      await fuzzPayloadFiles(figures, counts.isolate, runtime, STAND_IN);
      figures.report();
      expect(figures.examples).toEqual([]);
    });
  });

  describe("with the real grafx-order-handling", () => {
    let loc: LocalLoc;
    beforeAll(async () => {
      loc = await startLocalLoc();
    });
    afterAll(() => loc?.close());

    it(`executes a sample of ${counts.real} random payload files with no 5xx, every 400 naming its path`, { timeout: fuzzTimeout(counts.real, 5_000) }, async () => {
      const figures = new Figures("manual trigger (grafx-order-handling on the simulator)");
      await fuzzPayloadFiles(figures, counts.real, loc.loc.runtime, DATA_PROCESS);
      figures.report();
      expect(figures.examples).toEqual([]);
    });
  });

  it(`runs loc-local on ${counts.cli} random payload files: exit 0/1/2, one-line refusals, nothing raw on the terminal`, { timeout: fuzzTimeout(counts.cli, 20_000) }, async () => {
    const figures = new Figures("manual trigger (loc-local processes)");
    await fc.assert(
      fc.asyncProperty(fc.array(payloadBytes(), { minLength: CLI_AT_ONCE, maxLength: CLI_AT_ONCE }), async (files) => {
        await Promise.all(files.map((bytes) => judgeCliRun(figures, bytes)));
      }),
      { numRuns: Math.ceil(counts.cli / CLI_AT_ONCE), seed: FUZZ_SEED, endOnFailure: true },
    );
    figures.report();
    expect(figures.examples).toEqual([]);
  });
});
