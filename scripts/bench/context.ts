/**
 * What every measurement of the bench shares: its options, the one GraFx simulator on 127.0.0.1
 * (the bench's own credentials: nothing real is ever involved), a temp folder, the abort signal of
 * Ctrl-C, a progress line printer, and the time budget.
 */
import { startGrafxSimulator, type FaultInput, type GrafxSimulator } from "../../grafx-simulator";
import type { ExpectedOutput } from "./check-outputs";
import type { GrafxAccess } from "./job";
import type { BenchOptions } from "./options";

export const CLIENT_SECRET = "bench-secret";
export const OUTPUT_FORMAT = "pdf";
/** The data process refuses larger downloads; the bench's large outputs stay below it. */
export const DEFAULT_MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024;
/** RSS sampling period. */
export const SAMPLE_EVERY_MS = 20;

/** The bench's whole run (issue 9: within 5 minutes, `npm run build` before it included). */
export const BENCH_BUDGET_MS = 280_000;

export interface BenchContext {
  options: BenchOptions;
  sim: GrafxSimulator;
  workRoot: string;
  signal: AbortSignal;
  progress(line: string): void;
  /** What is left of BENCH_BUDGET_MS: an open-ended wait (Kafka's replies) stops there. */
  budgetLeftMs(): number;
  /** A figure left out on purpose (no Kafka broker to be had…), and why: kept in the summary. */
  skip(figure: string, why: string): void;
}

export function startBenchSimulator(): Promise<GrafxSimulator> {
  return startGrafxSimulator({ host: "127.0.0.1", clientSecret: CLIENT_SECRET });
}

export function grafxAccessOf(sim: GrafxSimulator): GrafxAccess {
  return { url: sim.url, authUrl: sim.authUrl, environment: sim.environment, clientId: sim.clientId, clientSecret: CLIENT_SECRET };
}

/** Fresh output tasks in the simulator, finished at once, with these faults each. */
export function createOutputs(sim: GrafxSimulator, count: number, sizeBytes: number, faults: FaultInput[] = []): ExpectedOutput[] {
  return Array.from({ length: count }, () => ({ ...sim.createTask({ format: OUTPUT_FORMAT, sizeBytes, faults }), format: OUTPUT_FORMAT, sizeBytes }));
}

/** Every status call this many ms late (none for 0). */
export function statusLatency(latencyMs: number): FaultInput[] {
  return latencyMs > 0 ? [{ latencyMs, stage: "status" }] : [];
}
