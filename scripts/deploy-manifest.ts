/**
 * `npm run deploy:manifest`: what to create in LOC for a data process of loc.config.json — its logic
 * bundles in order (file, bytes, sha256), the agent configurations and logic variables they need, and
 * the triggers. Names only: no value, and none of the local wiring (environment references, local
 * defaults, broker addresses) — on LOC each is set in Studio. A variable or agent is `required` when
 * the local config gives it no default; an optional variable left unset takes the logic's own default.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename, relative } from "node:path";
import { parseArgs } from "node:util";
import { configSchema } from "../runtime/config/schema";

/** Whether the local config leaves it to be set: an environment reference without a default (`env:NAME`, not `env:NAME:-x`). */
function isRequired(value: string): boolean {
  return value.startsWith("env:") && !value.includes(":-");
}

/** `env:NAME:-` (an empty default) marks what only some deployments configure. */
function isUnsetByDefault(value: string): boolean {
  return value.startsWith("env:") && value.endsWith(":-");
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
      logicVariables: Object.entries(dataProcess.variables).map(([variable, value]) => {
        const text = typeof value === "string" ? value : value.value;
        return { name: variable, required: isRequired(text), ...(typeof value === "string" || !value.secret ? {} : { secret: true }) };
      }),
      timeoutMs: dataProcess.timeoutMs,
    })),
  );
  const manifest = {
    dataProcesses,
    agentConfigurations: {
      http: Object.entries(config.agents.http).map(([name, agent]) => ({ name, required: !isUnsetByDefault(agent.baseUrl) })),
      fileStorage: Object.keys(config.agents.fileStorage).map((name) => ({ name, backend: "FTP, SMB or local file system" })),
    },
    triggers: {
      apiRoutes: config.triggers.apiRoutes,
      // Brokers and `enabled` are the local wiring; on LOC the message-queue trigger names its own broker.
      messageQueue: config.triggers.kafka.map(({ topic, groupId, dataProcesses, replyTopic }) => ({ topic, groupId, dataProcesses, ...(replyTopic ? { replyTopic } : {}) })),
      schedules: config.triggers.schedules,
    },
  };
  process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`deploy-manifest: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
