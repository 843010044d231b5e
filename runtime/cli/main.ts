/**
 * The manual trigger CLI. Every failure before the execution is one line on stderr (exit 64
 * for bad arguments, 1 for a bad payload, configuration or logic) — never a stack trace.
 */
import { logLine } from "./output";
import { printLine } from "./terminal-text";
import { EXIT_USAGE, InputError, USAGE, UsageError } from "./usage";

/**
 * Errors that are the user's input, told in one line. By name: the commands (and the runtime,
 * esbuild and zod behind them) load only when a command runs, so `--help` answers at once.
 */
const INPUT_ERRORS = new Set(["ConfigError", "LogicLoadError", "PortInUseError"]);

function isParseArgsError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_");
}

/** parseArgs explains at length; one short sentence is enough here. */
function usageMessage(error: Error): string {
  const unknown = /^Unknown option '([^']+)'/.exec(error.message);
  if (unknown) return `unknown option "${unknown[1]}"`;
  return oneLine(error.message);
}

function oneLine(text: string): string {
  return text.split("\n").filter(Boolean).join("; ");
}

/** The package's version, read when asked (package.json, one level above runtime/). */
async function version(): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  const { join } = await import("node:path");
  const { REPO_ROOT } = await import("../repo-root");
  return (JSON.parse(await readFile(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  // Help never acts, whatever else the line holds.
  if (argv.includes("--help") || argv.includes("-h")) {
    printLine("stdout", USAGE.trimEnd());
    return 0;
  }
  if (command === "--version" || command === "-V") {
    printLine("stdout", `loc-local ${await version()}`);
    return 0;
  }
  // Logic console output and log entries can carry what a payload held: escaped like every line.
  const runtimeOptions = {
    onLog: (entry: Parameters<typeof logLine>[0]) => printLine("stderr", logLine(entry)),
    onConsole: (line: string) => printLine("stderr", line),
  };
  try {
    switch (command) {
      case "execute":
        return await (await import("./execute")).executeCommand(args, runtimeOptions);
      case "run":
        return await (await import("./run")).runCommand(args, runtimeOptions);
      case "get":
        return await (await import("./get")).getCommand(args);
      case "list":
        return await (await import("./list")).listCommand(args);
      case "logs":
        return await (await import("./logs")).logsCommand(args);
      case "serve":
        return await (await import("./serve")).serveCommand(args, runtimeOptions);
      case "help":
      case "--help":
      case "-h":
        printLine("stdout", USAGE.trimEnd());
        return 0;
      case undefined:
        throw new UsageError("which command? execute, run, get, list, logs or serve");
      default:
        throw new UsageError(`unknown command "${command}": expected execute, run, get, list, logs or serve`);
    }
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      printLine("stderr", `loc-local: ${usageMessage(error as Error)} (loc-local --help)`);
      return EXIT_USAGE;
    }
    const known = error instanceof InputError || (error instanceof Error && INPUT_ERRORS.has(error.name));
    const message = known ? (error as Error).message : `unexpected error: ${(error as Error)?.message ?? String(error)}`;
    printLine("stderr", `loc-local: ${oneLine(message)}`);
    return 1;
  }
}
