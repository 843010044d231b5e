import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../runtime/config/load";
import { resolveEnvReferences } from "../../runtime/config/env-references";
import { configSchema } from "../../runtime/config/schema";
import { tempDir } from "./helpers";

async function configFile(content: unknown): Promise<string> {
  const dir = await tempDir();
  const file = join(dir, "loc.config.json");
  await writeFile(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

async function problemsOf(file: string, env: Record<string, string> = {}): Promise<string[]> {
  const error = await loadConfig(file, { env }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems;
}

describe("loadConfig", () => {
  it("names every schema problem with its path, one line each", async () => {
    const file = await configFile({ dataProcesses: { x: { generic: [] } }, agents: { http: { api: { baseUrl: 1 } } } });
    const problems = await problemsOf(file);
    expect(problems).toContain(`${file}: dataProcesses.x.aggregator: Required`);
    expect(problems.some((line) => line.startsWith(`${file}: agents.http.api.baseUrl: `))).toBe(true);
  });

  it("reports unknown keys, invalid JSON and a missing file in one line", async () => {
    expect((await problemsOf(await configFile({ dataProcesses: {}, extra: true })))[0]).toMatch(/extra/);
    expect(await problemsOf(await configFile("{ not json"))).toEqual([expect.stringMatching(/not valid JSON/)]);
    expect(await problemsOf("/nonexistent/loc.config.json")).toEqual([expect.stringMatching(/no such file/)]);
  });

  it("resolves env references, defaults included, and paths against the config's folder", async () => {
    const file = await configFile({
      stateDir: "state",
      dataProcesses: {
        orders: {
          generic: ["logic/a.ts"],
          aggregator: "/abs/b.js",
          variables: { ID: "env:CLIENT_ID", SECRET: { value: "env:CLIENT_SECRET", secret: true }, N: "env:UNSET:-16" },
        },
      },
      agents: { fileStorage: { files: { root: "env:FILES_DIR:-./data" } } },
      secrets: ["env:EXTRA_SECRET:-"],
    });
    const dir = join(file, "..");
    const config = await loadConfig(file, { env: { CLIENT_ID: "id-1", CLIENT_SECRET: "s3cret" } });
    expect(config.stateDir).toBe(join(dir, "state"));
    expect(config.dataProcesses.orders?.generic).toEqual([join(dir, "logic/a.ts")]);
    expect(config.dataProcesses.orders?.aggregator).toBe("/abs/b.js");
    expect(config.dataProcesses.orders?.variables).toEqual({ ID: "id-1", SECRET: { value: "s3cret", secret: true }, N: "16" });
    expect(config.agents.fileStorage.files?.root).toBe(join(dir, "data"));
    expect(config.secrets).toEqual([]);
  });

  it("names the key and the variable of every missing required reference", async () => {
    const file = await configFile({
      dataProcesses: { orders: { aggregator: "a.js", variables: { ID: "env:CLIENT_ID" } } },
      agents: { http: { api: { baseUrl: "env:API_URL" } } },
    });
    expect(await problemsOf(file)).toEqual([
      `${file}: dataProcesses.orders.variables.ID: environment variable CLIENT_ID is not set (and has no default)`,
      `${file}: agents.http.api.baseUrl: environment variable API_URL is not set (and has no default)`,
    ]);
  });

  it("loads the repository's own loc.config.json shape", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "dist"), { recursive: true });
    const { readFile } = await import("node:fs/promises");
    const original = await readFile(new URL("../../loc.config.json", import.meta.url), "utf8");
    await writeFile(join(dir, "loc.config.json"), original);
    const env = { GRAFX_ENVIRONMENT: "env", GRAFX_CLIENT_ID: "id", GRAFX_CLIENT_SECRET: "secret", GRAFX_BASE_URL: "http://127.0.0.1:1" };
    const config = await loadConfig(join(dir, "loc.config.json"), { env });
    expect(config.triggers.kafka[0]?.brokers).toBe("127.0.0.1:9092");
  });
});

describe("LOC's limits in the configuration", () => {
  const dataProcess = (extra: Record<string, unknown> = {}) => ({ dataProcesses: { orders: { aggregator: "a.js", ...extra } } });

  it("gives a data process LOC's default timeout of 180 s and an API route LOC's synchronous wait of 15 s", () => {
    const config = configSchema.parse({ ...dataProcess(), triggers: { apiRoutes: [{ method: "POST", path: "/x", dataProcesses: ["orders"] }] } });
    expect(config.dataProcesses.orders?.timeoutMs).toBe(180_000);
    expect(config.triggers.apiRoutes[0]?.timeoutMs).toBe(15_000);
  });

  it.each([6_000, 300_000])("takes a data process timeout of %i ms", (timeoutMs) => {
    expect(configSchema.parse(dataProcess({ timeoutMs })).dataProcesses.orders?.timeoutMs).toBe(timeoutMs);
  });

  it.each([
    [5_999, "5999 ms is too short"],
    [300_001, "300001 ms is too long"],
    [60_000.5, "expected a whole number of milliseconds"],
    ["60000", "expected a number of milliseconds"],
  ])("refuses a data process timeout of %j, naming the path and LOC's range", async (timeoutMs, why) => {
    const problems = await problemsOf(await configFile(dataProcess({ timeoutMs })));
    expect(problems).toEqual([expect.stringContaining(`dataProcesses.orders.timeoutMs: ${why}; LOC allows a data process timeout of 6000–300000 ms (6–300 s)`)]);
  });

  it("refuses logicTimeoutMs, saying LOC has no per-logic timeout", async () => {
    const problems = await problemsOf(await configFile(dataProcess({ logicTimeoutMs: 30_000 })));
    expect(problems).toEqual([expect.stringMatching(/dataProcesses\.orders: unknown key\(s\) "logicTimeoutMs": LOC has no per-logic timeout/)]);
  });

  it("takes an empty HTTP agent base URL (left unconfigured) and refuses one that is not an http(s) URL once resolved", async () => {
    const file = await configFile({
      dataProcesses: {},
      agents: { http: { download: { baseUrl: "env:DOWNLOAD_URL:-" }, api: { baseUrl: "env:API_URL" }, ftp: { baseUrl: "ftp://h/x" } } },
    });
    expect(await problemsOf(file, { API_URL: "not a url?key=k-secret" })).toEqual([
      `${file}: agents.http.api.baseUrl: expected an absolute http(s) URL (scheme, host, optional port and path prefix), or "" to leave the agent unconfigured`,
      `${file}: agents.http.ftp.baseUrl: expected an absolute http(s) URL (scheme, host, optional port and path prefix), or "" to leave the agent unconfigured`,
    ]);
    const config = await loadConfig(file, { env: { API_URL: "https://api.example/v1" } }).catch((error: ConfigError) => error);
    expect(config).toBeInstanceOf(ConfigError);
    const fixed = await configFile({ dataProcesses: {}, agents: { http: { download: { baseUrl: "env:DOWNLOAD_URL:-" }, api: { baseUrl: "env:API_URL" } } } });
    const loaded = await loadConfig(fixed, { env: { API_URL: "https://api.example/v1" } });
    expect(loaded.agents.http.download?.baseUrl).toBe("");
    expect(loaded.agents.http.api?.baseUrl).toBe("https://api.example/v1");
  });
});

describe("resolveEnvReferences", () => {
  it.each([
    ["env:A", { A: "1" }, "1", 0],
    ["env:A:-fallback", {}, "fallback", 0],
    ["env:A:-", {}, "", 0],
    ["env:A", { A: "" }, "env:A", 1],
    ["env:A:-x", { A: "" }, "x", 0],
    ["not env:A", {}, "not env:A", 0],
    ["plain", {}, "plain", 0],
  ])("%s with %j → %s", (input, env, expected, missing) => {
    const resolved = resolveEnvReferences({ key: input }, env);
    expect(resolved.value.key).toBe(expected);
    expect(resolved.missing).toHaveLength(missing);
  });
});
