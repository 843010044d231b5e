/**
 * Runs one measurement in a fresh Node process (scripts/bench/measure.ts), so no measurement
 * inherits another's heap, workers or connections. The job goes in on stdin (it holds the client
 * secret, which must not show in a process list); the result comes back as its last stdout line.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { childResultSchema, type ChildJob, type ChildResult } from "./job";
import { remember } from "./leftover-processes";
import { denoChildOf } from "./process-rss";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const MEASURE_ENTRY = fileURLToPath(new URL("./measure.ts", import.meta.url));

export async function runMeasurementChild(job: ChildJob, options: { timeoutMs: number; signal: AbortSignal }): Promise<ChildResult> {
  const what = `bench child (${job.approach})`;
  options.signal.throwIfAborted();
  const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", MEASURE_ENTRY], {
    cwd: REPO,
    stdio: ["pipe", "pipe", "inherit"],
    signal: options.signal,
    killSignal: "SIGKILL",
  });
  remember(child.pid, "node", what);
  // Its runtime's Deno host, remembered too: the bench checks at its end that none outlived it.
  const watchDeno = setInterval(() => {
    const deno = child.pid === undefined ? undefined : denoChildOf(child.pid);
    if (deno !== undefined) remember(deno, "deno", `${what}'s Deno host`);
  }, 250);
  let stdout = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => (stdout += chunk));
  child.stdin.end(JSON.stringify(job));

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, options.timeoutMs);
  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
    });
    if (timedOut) throw new Error(`${what} did not finish within ${options.timeoutMs} ms and was killed`);
    if (code !== 0) throw new Error(`${what} exited with ${signal ?? `code ${code}`} (its error is above)`);
  } finally {
    clearTimeout(timer);
    clearInterval(watchDeno);
  }
  const lastLine = stdout.trim().split("\n").at(-1) ?? "";
  let json: unknown;
  try {
    json = JSON.parse(lastLine);
  } catch {
    throw new Error(`${what} printed no JSON result (last line: ${JSON.stringify(lastLine.slice(0, 200))})`);
  }
  const parsed = childResultSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${what} printed an unexpected result: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
  }
  return parsed.data;
}
