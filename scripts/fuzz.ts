/**
 * `npm run fuzz -- [--runs N] [--seed S] [--no-build]`: the fuzz suites of test/fuzz (API route,
 * manual trigger, Kafka trigger) with N inputs per fast property instead of `npm test`'s few hundred,
 * then one table of figures per suite and the totals. Exit 0 only when every suite ran and found no
 * 5xx, crash, hang, 400 without a path or bad answer.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { FuzzFigures } from "../test/fuzz/fuzz-run";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const SUITES = ["api-route", "manual-trigger", "kafka-trigger"];
const DEFAULT_RUNS = 2_000;

const USAGE = `npm run fuzz -- [--runs N] [--seed S] [--no-build]

Runs the property-based fuzz suites in test/fuzz against the API route, the manual trigger and the
Kafka trigger (a real broker is started as in \`npm test\`), and prints their figures: inputs tried,
5xx, crashes, hangs, 400s without a zod path, bad answers.

  --runs N     inputs per fast property (default ${DEFAULT_RUNS}); the slow ones get a share of N:
               raw sockets N/3, in-process manual N/3, Kafka record processor N/2, Kafka broker N/20,
               the real grafx-order-handling N/40 (API route) and N/200 (manual, Kafka),
               the stand-in logic in an isolate N/40, loc-local processes N/1000
  --seed S     fast-check seed, to replay a run (default: random, printed)
  --no-build   skip \`npm run build\` (the real data process runs the bundles in dist/)
  --help       this text
`;

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO, env, stdio: "inherit" });
    child.once("error", reject);
    child.once("close", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function readFigures(dir: string): Promise<FuzzFigures[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith(".json")).sort();
  return Promise.all(files.map(async (file) => JSON.parse(await readFile(join(dir, file), "utf8")) as FuzzFigures));
}

const COLUMNS = ["inputs", "5xx", "crashes", "hangs", "400s without a path", "bad answers"] as const;

function table(figures: FuzzFigures[]): string {
  const rows = figures.map((entry) => [entry.suite, ...COLUMNS.map((column) => String(entry[column])), `${(entry.ms / 1000).toFixed(1)} s`]);
  const totals = ["total", ...COLUMNS.map((column) => String(figures.reduce((sum, entry) => sum + entry[column], 0))), ""];
  const header = ["suite", ...COLUMNS, "time"];
  const all = [header, ...rows, totals];
  const widths = header.map((_, column) => Math.max(...all.map((row) => row[column]!.length)));
  const line = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ");
  return [line(header), ...rows.map(line), line(totals)].join("\n");
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { runs: { type: "string" }, seed: { type: "string" }, "no-build": { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const runs = Number(values.runs ?? DEFAULT_RUNS);
  const seed = Number(values.seed ?? Math.floor(Math.random() * 2 ** 31));
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`--runs expects a positive whole number, got "${values.runs}"`);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed expects a whole number, got "${values.seed}"`);

  if (!values["no-build"] && (await run("npm", ["run", "--silent", "build"])) !== 0) return 1;
  const reportDir = await mkdtemp(join(tmpdir(), "loc-fuzz-report-"));
  try {
    const env = { ...process.env, FUZZ_RUNS: String(runs), FUZZ_SEED: String(seed), FUZZ_REPORT_DIR: reportDir };
    const started = performance.now();
    const vitest = await run(join(REPO, "node_modules", ".bin", "vitest"), ["run", ...SUITES.map((suite) => `test/fuzz/${suite}.fuzz.test.ts`)], env);
    const figures = await readFigures(reportDir);
    const failures = figures.reduce((sum, entry) => sum + entry["5xx"] + entry.crashes + entry.hangs + entry["400s without a path"] + entry["bad answers"], 0);
    console.log(`\nfuzz: --runs ${runs} --seed ${seed}, ${((performance.now() - started) / 1000).toFixed(0)} s\n${table(figures)}`);
    for (const entry of figures) for (const example of entry.examples) console.log(`  ${entry.suite}: ${example}`);
    if (vitest !== 0) console.log(`fuzz: vitest exited with ${vitest} (a suite failed or did not finish: see above)`);
    return vitest === 0 && failures === 0 ? 0 : 1;
  } finally {
    await rm(reportDir, { recursive: true, force: true });
  }
}

class UsageError extends Error {}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const usage = error instanceof UsageError || (error as NodeJS.ErrnoException)?.code?.startsWith("ERR_PARSE_ARGS_");
    console.error(`fuzz: ${error instanceof Error ? error.message : String(error)}${usage ? " (npm run fuzz -- --help)" : ""}`);
    process.exit(usage ? 64 : 1);
  },
);
