/**
 * The embedded default: unless GRAFX_BASE_URL points at a real GraFx, start the GraFx simulator and
 * point the configuration's environment references at it (no credentials needed): its API origin is
 * the `grafx-api` agent, its second origin (where it serves off-origin download links) the
 * `grafx-download` agent.
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { startGrafxSimulator, type GrafxSimulator } from "./index";

export const SIMULATOR_ORDERS_DIR = "./data/simulator/orders";

/** The task ids the README's examples use: known to the embedded simulator, finished at once. */
export const EXAMPLE_TASKS = [
  { taskId: "3f74e586-2494-43fb-87ed-8697a629aa02", format: "pdf" },
  { taskId: "1aa66cd6-6d6a-41aa-8155-21fa2fc9cf9d", format: "png" },
] as const;

export interface GrafxTarget {
  /** Present when the simulator was started (GRAFX_BASE_URL unset). */
  simulator?: GrafxSimulator;
  description: string;
}

export async function useGrafxFromEnvironment(env: NodeJS.ProcessEnv = process.env): Promise<GrafxTarget> {
  if (env.GRAFX_BASE_URL) {
    return { description: `GraFx at ${new URL(env.GRAFX_BASE_URL).origin} (GRAFX_BASE_URL)` };
  }
  const simulator = await startGrafxSimulator({ clientId: "sim-client", clientSecret: "sim-secret", environment: "sim-env" });
  for (const example of EXAMPLE_TASKS) simulator.createTask({ ...example, durationMs: 0 });
  env.GRAFX_BASE_URL = simulator.url;
  env.GRAFX_DOWNLOAD_BASE_URL = simulator.secondOriginUrl;
  env.GRAFX_AUTH_URL = simulator.authUrl;
  env.GRAFX_ENVIRONMENT = simulator.environment;
  env.GRAFX_CLIENT_ID = "sim-client";
  env.GRAFX_CLIENT_SECRET = "sim-secret";
  if (!env.ORDERS_DIR) {
    env.ORDERS_DIR = SIMULATOR_ORDERS_DIR;
    // The simulator's tasks end with it: pending records of an earlier run would only come back as 404s.
    await rm(join(SIMULATOR_ORDERS_DIR, ".pending"), { recursive: true, force: true });
  }
  return { simulator, description: `embedded GraFx simulator at ${simulator.url} (set GRAFX_BASE_URL to use a real GraFx)` };
}
