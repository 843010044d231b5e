/**
 * `grafx-order-handling` wired to a GraFx simulator, with its state and orders under `dir`: the part
 * of a runtime config every test of the real data process shares. Triggers and server are the caller's.
 * The simulator serves downloads on its API origin and, for `secondOrigin` tasks, on a second
 * origin: that one is the `grafx-download` agent, and the logic variables mirror both base URLs.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { GrafxSimulator } from "../../grafx-simulator";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const GENERIC = ["read-orders", "process-orders"];
const AGGREGATOR = "finalize-orders";

export const DATA_PROCESS = "grafx-order-handling";

/** The logic files: TypeScript sources (built on load) or the bundles `npm run build` wrote to dist/. */
export const ORDER_HANDLING_LOGICS = {
  sources: {
    generic: GENERIC.map((name) => join(REPO, "generic-logic", `${name}.ts`)),
    aggregator: join(REPO, "aggregator-logic", `${AGGREGATOR}.ts`),
  },
  bundles: {
    generic: GENERIC.map((name) => join(REPO, "dist", "generic-logic", `${name}.js`)),
    aggregator: join(REPO, "dist", "aggregator-logic", `${AGGREGATOR}.js`),
  },
};

export interface OrderHandlingWiring {
  dir: string;
  sim: GrafxSimulator;
  logics: { generic: string[]; aggregator: string };
  /** Logic variables on top of the simulator's credentials and fast retries. */
  variables?: Record<string, string>;
  apiTimeoutMs?: number;
}

export function orderHandlingConfig({ dir, sim, logics, variables, apiTimeoutMs = 10_000 }: OrderHandlingWiring) {
  return {
    stateDir: join(dir, "state"),
    dataProcesses: {
      [DATA_PROCESS]: {
        generic: logics.generic,
        aggregator: logics.aggregator,
        timeoutMs: 60_000,
        variables: {
          GRAFX_BASE_URL: sim.url,
          GRAFX_DOWNLOAD_BASE_URL: sim.secondOriginUrl,
          GRAFX_CLIENT_ID: sim.clientId,
          GRAFX_CLIENT_SECRET: { value: "sim-secret", secret: true },
          GRAFX_ENVIRONMENT: sim.environment,
          RETRY_BASE_DELAY_MS: "20",
          RETRY_MAX_DELAY_MS: "100",
          ...variables,
        },
      },
    },
    agents: {
      http: {
        "grafx-api": { baseUrl: sim.url, timeoutMs: apiTimeoutMs },
        "grafx-auth": { baseUrl: sim.authUrl },
        "grafx-download": { baseUrl: sim.secondOriginUrl, timeoutMs: apiTimeoutMs },
      },
      fileStorage: { orders: { root: join(dir, "orders") } },
    },
  };
}
