/** The order-handling data process on the local runtime against the GraFx simulator, in a temp dir. */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ExecutionRecord } from "../../runtime/contract";
import { configSchema } from "../../runtime/config/schema";
import { startRuntime, type LocalRuntime } from "../../runtime/executor";
import { startGrafxSimulator, type GrafxSimulator, type GrafxSimulatorOptions } from "../../grafx-simulator";
import type { OrderHandlingResult } from "../../lib/result/build-result";
import { listFiles } from "../helpers/list-files";
import { manualPayload } from "../../runtime/triggers/manual/manual-payload";
import { ORDER_HANDLING_LOGICS, orderHandlingConfig } from "../helpers/order-handling-config";


export interface Harness {
  sim: GrafxSimulator;
  runtime: LocalRuntime;
  ordersDir: string;
  /** Runs the data process once, as a manual trigger does, with this body. */
  execute(body: unknown): Promise<{ record: ExecutionRecord; result: OrderHandlingResult; status: number }>;
  files(): Promise<string[]>;
  readOrderFile(path: string): Promise<Buffer>;
  /** Every file the runtime wrote (state and orders), as text, to look for secrets in. */
  everythingWritten(): Promise<string>;
  /** Tokens the data process cached in LocalStorage (its only legitimate place). */
  cachedTokens(): Promise<string[]>;
  close(): Promise<void>;
}

export async function startHarness(
  options: { simulator?: GrafxSimulatorOptions; variables?: Record<string, string>; apiTimeoutMs?: number } = {},
): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), "grafx-orders-e2e-"));
  const ordersDir = join(dir, "orders");
  const sim = await startGrafxSimulator(options.simulator ?? {});
  let runtime: LocalRuntime;
  try {
    const config = configSchema.parse(
      orderHandlingConfig({ dir, sim, logics: ORDER_HANDLING_LOGICS.sources, variables: options.variables, apiTimeoutMs: options.apiTimeoutMs }),
    );
    runtime = await startRuntime(config);
  } catch (error) {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    sim,
    runtime,
    ordersDir,
    async execute(body) {
      const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
      const record = await runtime.execute({
        dataProcesses: ["grafx-order-handling"],
        triggerType: "Manual",
        payload: manualPayload(text, "req-1"),
      });
      return { record, result: record.result.grafx_order_handling as OrderHandlingResult, status: record.status };
    },
    files: () => listFiles(ordersDir),
    readOrderFile: (path) => readFile(join(ordersDir, path)),
    async everythingWritten() {
      const texts: string[] = [];
      const walk = async (path: string, skip: string): Promise<void> => {
        for (const entry of await readdir(path, { withFileTypes: true }).catch(() => [])) {
          const full = join(path, entry.name);
          if (full === skip) continue;
          if (entry.isDirectory()) await walk(full, skip);
          else texts.push(await readFile(full, "utf8"));
        }
      };
      await walk(dir, join(dir, "state", "local-storage"));
      return texts.join("\n");
    },
    async cachedTokens() {
      const tokens: string[] = [];
      const storage = join(dir, "state", "local-storage", "grafx-order-handling");
      for (const name of await readdir(storage).catch(() => [])) {
        const text = await readFile(join(storage, name), "utf8");
        const token = (JSON.parse(text) as { value?: { Json?: { accessToken?: string } } }).value?.Json?.accessToken;
        if (token) tokens.push(token);
      }
      return tokens;
    },
    async close() {
      await runtime.close(1000);
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
