/**
 * The CLI's start: `node bin/loc-local.js --help` to its exit, and a trivial
 * `node bin/loc-local.js run --generic … --aggregator … --payload …` (the trivial logics, as
 * TypeScript sources) to its result — each a fresh process, timed from spawn to exit, the median
 * of `RUNS` after one untimed call (which compiles the CLI bundle if its sources changed).
 */
import { spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchContext } from "./context";
import { quantile } from "./http-load";
import { remember } from "./leftover-processes";
import { denoChildOf } from "./process-rss";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const CLI = join(REPO, "bin", "loc-local.js");
const TRIVIAL_LOGICS = fileURLToPath(new URL("./trivial/", import.meta.url));
const RUNS = 5;
const TIMEOUT_MS = 60_000;
const round = (value: number) => Number(value.toFixed(1));

export interface CliFigures {
  helpMs: number;
  firstExecutionMs: number;
  helpRunsMs: number[];
  runRunsMs: number[];
  problems: string[];
}

interface Spawned {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

function timeCli(args: string[], signal: AbortSignal): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"], signal, killSignal: "SIGKILL", timeout: TIMEOUT_MS });
    remember(child.pid, "node", `loc-local ${args[0]}`);
    const watchDeno = setInterval(() => {
      const deno = child.pid === undefined ? undefined : denoChildOf(child.pid);
      if (deno !== undefined) remember(deno, "deno", `loc-local ${args[0]}'s Deno host`);
    }, 100);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
    child.once("error", (error) => {
      clearInterval(watchDeno);
      reject(error);
    });
    child.once("close", (code) => {
      clearInterval(watchDeno);
      resolve({ ms: performance.now() - started, code, stdout, stderr });
    });
  });
}

export async function measureCli(context: BenchContext): Promise<CliFigures> {
  const { signal, workRoot } = context;
  const dir = join(workRoot, "cli");
  await mkdir(dir, { recursive: true });
  const payload = join(dir, "payload.json");
  await writeFile(payload, JSON.stringify({ a: 2, b: 3 }));
  const problems: string[] = [];
  const help = ["--help"];
  const run = [
    "run",
    "--generic",
    join(TRIVIAL_LOGICS, "sum-generic.ts"),
    "--aggregator",
    join(TRIVIAL_LOGICS, "sum-aggregator.ts"),
    "--payload",
    payload,
    "--state-dir",
    join(dir, "state"),
  ];

  const checkHelp = (result: Spawned) => {
    if (result.code !== 0 || !result.stdout.includes("Usage")) problems.push(`cli: --help exited ${result.code}: ${result.stderr.trim().slice(0, 200)}`);
  };
  const checkRun = (result: Spawned) => {
    let sum: unknown;
    try {
      sum = (JSON.parse(result.stdout) as { result?: { sum?: unknown } }).result?.sum;
    } catch {
      sum = undefined;
    }
    if (result.code !== 0 || sum !== 5) problems.push(`cli: run exited ${result.code} with ${JSON.stringify(result.stdout.slice(0, 200))}: ${result.stderr.trim().slice(0, 200)}`);
  };

  checkHelp(await timeCli(help, signal));
  const helpRuns: number[] = [];
  for (let index = 0; index < RUNS; index++) {
    const result = await timeCli(help, signal);
    checkHelp(result);
    helpRuns.push(result.ms);
  }
  checkRun(await timeCli(run, signal));
  const runRuns: number[] = [];
  for (let index = 0; index < RUNS; index++) {
    const result = await timeCli(run, signal);
    checkRun(result);
    runRuns.push(result.ms);
  }
  return {
    helpMs: round(quantile(helpRuns, 0.5)),
    firstExecutionMs: round(quantile(runRuns, 0.5)),
    helpRunsMs: helpRuns.map(round),
    runRunsMs: runRuns.map(round),
    problems: [...new Set(problems)],
  };
}
