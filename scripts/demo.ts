/**
 * `npm run demo`: one sample batch end to end through the manual trigger — the built logic bundles
 * on the local runtime against the embedded GraFx simulator (or the GraFx of GRAFX_BASE_URL, with
 * the orders of `--payload <file>`, or the pending ones when none is given).
 */
import { readFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { loadConfig } from "../runtime/config/load";
import { startRuntime } from "../runtime/executor";
import { executionSummary, logLine } from "../runtime/cli/output";
import { manualPayload } from "../runtime/triggers/manual/manual-payload";
import { useGrafxFromEnvironment } from "../grafx-simulator/embedded-default";

const DATA_PROCESS = "grafx-order-handling";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { payload: { type: "string" }, config: { type: "string", default: "loc.config.json" } } });
  const grafx = await useGrafxFromEnvironment();
  process.stderr.write(`demo: ${grafx.description}\n`);
  try {
    let body: unknown = {};
    if (values.payload) body = JSON.parse(await readFile(values.payload, "utf8"));
    else if (grafx.simulator) {
      const sim = grafx.simulator;
      body = {
        orders: [
          { taskId: sim.createTask({ format: "pdf", sizeBytes: 256 * 1024 }).taskId, orderId: "demo-flyer-001" },
          { taskId: sim.createTask({ format: "png", sizeBytes: 64 * 1024 }).taskId, format: "png" },
          { taskId: sim.createTask({ format: "mp4", sizeBytes: 512 * 1024 }).taskId, format: "mp4" },
        ],
      };
    }
    const config = await loadConfig(values.config);
    const runtime = await startRuntime(config, { onLog: (entry) => process.stderr.write(`${logLine(entry)}\n`) });
    try {
      const executionId = randomUUID();
      const record = await runtime.execute({
        dataProcesses: [DATA_PROCESS],
        payload: manualPayload(JSON.stringify(body), executionId),
        triggerType: "Manual",
        executionId,
      });
      process.stdout.write(`${JSON.stringify(executionSummary(record), null, 2)}\n`);
      const summary = (record.result as { grafx_order_handling?: { summary?: Record<string, number> } }).grafx_order_handling?.summary;
      const counts = summary ? Object.entries(summary).map(([key, value]) => `${key}=${value}`).join(" ") : "no summary";
      process.stdout.write(`demo: status ${record.status}, ${counts}, files under ${process.env.ORDERS_DIR ?? "./data/orders"} (${record.durationMs} ms)\n`);
      return record.status < 500 ? 0 : 1;
    } finally {
      await runtime.close(0);
    }
  } finally {
    await grafx.simulator?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
