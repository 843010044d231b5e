/**
 * Reads `loc.config.json`: JSON → zod schema → env references → paths relative to the file.
 * Every problem is reported as one line `<file>: <where>: <what>`, all of them at once.
 */
import { readFile } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import type { z } from "zod";
import { resolveEnvReferences } from "./env-references";
import { configSchema, type RuntimeConfig } from "./schema";

export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
  }
}

export interface LoadConfigOptions {
  env?: Readonly<Record<string, string | undefined>>;
}

/** How the file is named in messages: relative to the working directory when inside it. */
function shownName(file: string): string {
  const path = relative(process.cwd(), file);
  return path && !path.startsWith("..") ? path : file;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const missing = issue.code === "invalid_type" && (issue as { input?: unknown }).input === undefined;
  return missing ? "Required" : issue.message;
}

/** zod issues as `where: what` lines (`dataProcesses.x.aggregator: Required`). */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const where = issue.path.map(String).join(".");
    return where ? `${where}: ${describeIssue(issue)}` : describeIssue(issue);
  });
}

/** Validates an already parsed configuration object; `baseDir` anchors relative paths. */
export function parseConfig(
  raw: unknown,
  { baseDir, source, env = process.env }: { baseDir: string; source: string; env?: LoadConfigOptions["env"] },
): RuntimeConfig {
  // `reportInput`: tells a missing value ("Required") from a wrong one (never printed: it may be a secret).
  const parsed = configSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error.issues).map((line) => `${source}: ${line}`));
  return settleConfig(parsed.data, { baseDir, source, env });
}

/** Resolves the env references left in a validated configuration and makes its paths absolute. */
export function settleConfig(
  config: RuntimeConfig,
  { baseDir, source, env = process.env }: { baseDir: string; source: string; env?: LoadConfigOptions["env"] },
): RuntimeConfig {
  const { value, missing } = resolveEnvReferences(config, env);
  if (missing.length > 0) {
    throw new ConfigError(
      missing.map(({ path, variable }) => `${source}: ${path}: environment variable ${variable} is not set (and has no default)`),
    );
  }
  const problems = httpAgentUrlProblems(value).map((line) => `${source}: ${line}`);
  if (problems.length > 0) throw new ConfigError(problems);
  return resolvePaths(value, baseDir);
}

/**
 * Checked once env references are resolved (a reference is not a URL yet). The value is not
 * repeated in the message: a base URL may carry a key in its query.
 */
function httpAgentUrlProblems(config: RuntimeConfig): string[] {
  return Object.entries(config.agents.http).flatMap(([name, agent]) => {
    if (agent.baseUrl === "") return [];
    const url = URL.canParse(agent.baseUrl) ? new URL(agent.baseUrl) : undefined;
    if (url && (url.protocol === "http:" || url.protocol === "https:")) return [];
    return [`agents.http.${name}.baseUrl: expected an absolute http(s) URL (scheme, host, optional port and path prefix), or "" to leave the agent unconfigured`];
  });
}

function resolvePaths(config: RuntimeConfig, baseDir: string): RuntimeConfig {
  const at = (path: string) => resolve(baseDir, path);
  return {
    ...config,
    stateDir: at(config.stateDir),
    dataProcesses: Object.fromEntries(
      Object.entries(config.dataProcesses).map(([name, process]) => [
        name,
        { ...process, generic: process.generic.map(at), aggregator: at(process.aggregator) },
      ]),
    ),
    agents: {
      ...config.agents,
      fileStorage: Object.fromEntries(
        Object.entries(config.agents.fileStorage).map(([name, storage]) => [name, { ...storage, root: at(storage.root) }]),
      ),
    },
    secrets: config.secrets.filter((secret) => secret !== ""),
  };
}

async function readConfigJson(file: string): Promise<{ raw: unknown; path: string; source: string }> {
  const path = resolve(file);
  const source = shownName(path);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError([`${source}: cannot read the configuration (${code === "ENOENT" ? "no such file" : code ?? String(error)})`]);
  }
  try {
    return { raw: JSON.parse(text), path, source };
  } catch (error) {
    throw new ConfigError([`${source}: not valid JSON (${(error as Error).message})`]);
  }
}

/** Loads and validates a configuration file; throws `ConfigError` with one line per problem. */
export async function loadConfig(file: string, options: LoadConfigOptions = {}): Promise<RuntimeConfig> {
  const { raw, path, source } = await readConfigJson(file);
  return parseConfig(raw, { baseDir: dirname(path), source, env: options.env });
}

/**
 * Only the state directory of a configuration file, for the commands that read stored executions
 * (`get`, `list`, `logs`): they need nothing else, so the GraFx variables need not be set for them.
 */
export async function loadStateDir(file: string, { env = process.env }: LoadConfigOptions = {}): Promise<string> {
  const { raw, path, source } = await readConfigJson(file);
  const parsed = configSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error.issues).map((line) => `${source}: ${line}`));
  const { value, missing } = resolveEnvReferences({ stateDir: parsed.data.stateDir }, env);
  if (missing.length > 0) {
    throw new ConfigError(missing.map(({ variable }) => `${source}: stateDir: environment variable ${variable} is not set (and has no default)`));
  }
  return resolve(dirname(path), value.stateDir);
}
