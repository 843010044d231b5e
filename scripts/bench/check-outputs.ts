/**
 * Checks, independently of what either approach reports, that every order's file is on disk with
 * the simulator's exact size and bytes (by SHA-256). Files are matched by their task id: the
 * baseline writes `<taskId>.png`, the data process `<environment>/<taskId>.<ext>`.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { outputSha256, type OutputFormat } from "../../grafx-simulator";

export interface ExpectedOutput {
  taskId: string;
  format: OutputFormat;
  sizeBytes: number;
}

export interface OutputCheck {
  expected: number;
  ok: number;
  /** The first few problems, one line each. */
  problems: string[];
}

/** Output files by task id (lower case); hidden entries (pending records, temp files) skipped. */
async function filesByTaskId(dir: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const walk = async (path: string): Promise<void> => {
    for (const entry of await readdir(path, { withFileTypes: true }).catch(() => [])) {
      if (entry.name.startsWith(".")) continue;
      const full = join(path, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) found.set(entry.name.split(".")[0]!.toLowerCase(), full);
    }
  };
  await walk(dir);
  return found;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(file), hash);
  return hash.digest("hex");
}

async function problemWith(output: ExpectedOutput, file: string | undefined): Promise<string | null> {
  if (file === undefined) return `task ${output.taskId}: no file`;
  const { size } = await stat(file);
  if (size !== output.sizeBytes) return `task ${output.taskId}: ${size} bytes, expected ${output.sizeBytes}`;
  if ((await sha256Of(file)) !== outputSha256(output)) return `task ${output.taskId}: bytes differ from the simulator's output`;
  return null;
}

export async function checkOutputs(dir: string, outputs: readonly ExpectedOutput[]): Promise<OutputCheck> {
  const files = await filesByTaskId(dir);
  const problems: string[] = [];
  for (const output of outputs) {
    const problem = await problemWith(output, files.get(output.taskId.toLowerCase()));
    if (problem) problems.push(problem);
  }
  return { expected: outputs.length, ok: outputs.length - problems.length, problems: problems.slice(0, 5) };
}
