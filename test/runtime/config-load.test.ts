import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../runtime/config/load";
import { resolveEnvReferences } from "../../runtime/config/env-references";
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
