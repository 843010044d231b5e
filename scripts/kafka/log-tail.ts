import { readFile } from "node:fs/promises";

/** The last lines of a log file, for an error message. */
export async function readLogTail(file: string, lines = 25): Promise<string> {
  try {
    return (await readFile(file, "utf8")).trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/**
 * The line of a JVM log that says what went wrong: the innermost `Caused by:` of the last stack trace,
 * else the last ERROR or FATAL line.
 */
export function brokerProblem(log: string): string | undefined {
  const lines = log.split("\n");
  const causes = lines.filter((line) => line.startsWith("Caused by: "));
  const problem = causes.at(-1)?.slice("Caused by: ".length) ?? lines.filter((line) => / (ERROR|FATAL) /.test(line)).at(-1);
  return problem?.trim();
}
