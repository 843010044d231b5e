/**
 * `npm run deploy:manifest`: what to create in LOC for a data process of loc.config.json — its logic
 * bundles in order (file, bytes, sha256), the agent configurations and logic variables they need, and
 * the triggers. Values are never printed: only names and where they come from locally.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename, relative } from "node:path";
import { parseArgs } from "node:util";
import { configSchema } from "../runtime/config/schema";

/** An environment reference is shown as is; a literal value is not. */
function localSource(value: string): string {
  return value.startsWith("env:") ? value : "(literal in the config file)";
}

async function describeBundle(file: string, kind: "generic" | "aggregator") {
  const bytes = await readFile(file).catch(() => {
    throw new Error(`${relative(".", file)} is missing: run \`npm run build\` first`);
  });
  return { name: basename(file, ".js"), kind, file: relative(".", file), bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: "string", default: "loc.config.json" } } });
  const config = configSchema.parse(JSON.parse(await readFile(values.config, "utf8")));
  const dataProcesses = await Promise.all(
    Object.entries(config.dataProcesses).map(async ([name, dataProcess]) => ({
      name,
      logics: [
        ...(await Promise.all(dataProcess.generic.map((file) => describeBundle(file, "generic")))),
        await describeBundle(dataProcess.aggregator, "aggregator"),
      ],
      logicVariables: Object.entries(dataProcess.variables).map(([variable, value]) =>
        typeof value === "string" ? { name: variable, local: localSource(value) } : { name: variable, local: localSource(value.value), secret: value.secret },
      ),
      timeoutMs: dataProcess.timeoutMs,
    })),
  );
  const manifest = {
    dataProcesses,
    agentConfigurations: {
      http: Object.entries(config.agents.http).map(([name, agent]) => ({ name, baseUrl: agent.baseUrl })),
      fileStorage: Object.keys(config.agents.fileStorage).map((name) => ({ name, backend: "FTP, SMB or local file system" })),
    },
    triggers: config.triggers,
  };
  process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`deploy-manifest: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
