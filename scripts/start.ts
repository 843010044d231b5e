/**
 * `npm start`: the local LOC with every trigger of loc.config.json (API route, Kafka when a broker
 * answers, schedule) against the embedded GraFx simulator — or a real GraFx when GRAFX_BASE_URL is
 * set. With the simulator it creates a few sample output tasks and prints commands that check them.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { loadConfig } from "../runtime/config/load";
import { logLine, triggerLogLine } from "../runtime/cli/output";
import { printLine } from "../runtime/cli/terminal-text";
import { serve } from "../runtime/serve";
import { reloadLines } from "../runtime/watch/logic-watcher";
import { useGrafxFromEnvironment } from "../grafx-simulator/embedded-default";

const SAMPLE_PAYLOAD = ".loc/sample-orders.json";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      config: { type: "string", default: "loc.config.json" },
      watch: { type: "boolean", default: false },
      "console-port": { type: "string" },
      "no-console": { type: "boolean", default: false },
    },
  });
  const grafx = await useGrafxFromEnvironment();
  const config = await loadConfig(values.config);
  const loc = await serve(config, {
    port: values.port === undefined ? undefined : Number(values.port),
    log: (event) => process.stderr.write(`${triggerLogLine(event)}\n`),
    onLog: (entry) => process.stderr.write(`${logLine(entry)}\n`),
    console:
      config.console.enabled && !values["no-console"]
        ? { port: values["console-port"] === undefined ? config.console.port : Number(values["console-port"]) }
        : undefined,
    watch: values.watch ? { onReload: (reload) => reloadLines(reload).forEach((line) => printLine("stderr", line)) } : undefined,
  }).catch(async (error: unknown) => {
    await grafx.simulator?.close();
    throw error;
  });

  const lines = [`loc-local: ${grafx.description}`, `loc-local: API route POST ${loc.apiRoute.url}/grafx/orders`];
  if (loc.console) lines.push(`loc-local: console at ${loc.console.url} (executions live, results, logs, re-run, manual runs)`);
  if (grafx.simulator) {
    const sim = grafx.simulator;
    const orders = [
      { taskId: sim.createTask({ format: "pdf", sizeBytes: 256 * 1024 }).taskId, orderId: "sample-flyer-001" },
      { taskId: sim.createTask({ format: "png", durationMs: 20_000 }).taskId, format: "png" },
      { taskId: sim.createTask({ format: "mp4", durationMs: 45_000, sizeBytes: 1024 * 1024 }).taskId, format: "mp4" },
    ];
    await mkdir(".loc", { recursive: true });
    await writeFile(SAMPLE_PAYLOAD, `${JSON.stringify({ orders }, null, 2)}\n`);
    lines.push(
      `loc-local: created ${orders.length} sample output tasks (ready now, in 20 s, in 45 s) in ${SAMPLE_PAYLOAD}; check them with:`,
      "",
      `  curl -s -X POST ${loc.apiRoute.url}/grafx/orders -H 'content-type: application/json' --data-binary @${SAMPLE_PAYLOAD}`,
      "",
      "loc-local: or, with a Kafka broker running (npm run kafka:start), as a record:",
      "",
      `  npm run kafka:produce -- --topic grafx-orders < ${SAMPLE_PAYLOAD}`,
      "",
      "loc-local: orders still rendering are re-checked every minute by the schedule trigger (or POST an empty body).",
    );
  }
  if (values.watch) lines.push("loc-local: watch mode: a logic is rebuilt and reloaded when its source changes");
  lines.push("loc-local: Ctrl-C stops (running executions finish first)");
  process.stdout.write(`${lines.join("\n")}\n`);

  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  process.stderr.write("loc-local: shutting down\n");
  await loc.close();
  await grafx.simulator?.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`loc-local: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
