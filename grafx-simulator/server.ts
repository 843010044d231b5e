import { setMaxListeners } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { dispatch } from "./dispatch";
import { faultListSchema, type FaultInput } from "./faults";
import { simulatorOptionsSchema, type GrafxSimulatorOptions } from "./options";
import type { RecordedRequest, SimulatorOrigin } from "./request-log";
import { apiEndpoints, secondOriginEndpoints } from "./routes";
import { createSimulatorState, createTask, type SimulatorState } from "./simulator-state";
import type { CreateTaskInput } from "./tasks";
import { parseOrThrow } from "./validation";

export interface GrafxSimulator {
  /** API base, e.g. `http://127.0.0.1:4010` — what GRAFX_BASE_URL is set to. */
  url: string;
  /** `${url}/oauth/token` — what GRAFX_AUTH_URL is set to. */
  authUrl: string;
  /** Origin serving downloads of `secondOrigin` tasks (another port, so another origin). */
  secondOriginUrl: string;
  environment: string;
  clientId: string;
  createTask(input?: CreateTaskInput): { taskId: string };
  /** Replaces the global faults. Throws naming the bad fields. */
  setFaults(faults: FaultInput[]): void;
  /** Replaces one task's faults. Throws for an unknown task. */
  setTaskFaults(taskId: string, faults: FaultInput[]): void;
  /** Every request received on both origins, oldest first (a copy). */
  readonly requests: RecordedRequest[];
  readonly tokensIssued: number;
  /** Closes both servers and every connection (hung ones too); resolves once closed. */
  close(): Promise<void>;
}

interface Origin {
  server: Server;
  sockets: Set<Socket>;
}

function startOrigin(state: SimulatorState, origin: SimulatorOrigin, host: string, port: number): Promise<Origin & { url: string }> {
  const endpoints = origin === "api" ? apiEndpoints : secondOriginEndpoints;
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    void dispatch(state, origin, endpoints, request, response);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address() as AddressInfo;
      const hostText = address.family === "IPv6" ? `[${address.address}]` : address.address;
      resolve({ server, sockets, url: `http://${hostText}:${address.port}` });
    });
  });
}

function closeOrigin({ server, sockets }: Origin): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
    for (const socket of sockets) socket.destroy();
  });
}

/**
 * Starts a GraFx-compatible simulator: the API origin (token, output, task status, download,
 * `/__simulator` admin) and a second origin for off-origin download links.
 */
export async function startGrafxSimulator(options: GrafxSimulatorOptions = {}): Promise<GrafxSimulator> {
  const config = parseOrThrow(simulatorOptionsSchema, options, "GraFx simulator options");
  const closing = new AbortController();
  // Every delayed request listens on this signal while it waits: many at once is normal, not a leak.
  setMaxListeners(0, closing.signal);
  const state = createSimulatorState(config, closing.signal);

  const api = await startOrigin(state, "api", config.host, config.port);
  let second: Awaited<ReturnType<typeof startOrigin>>;
  try {
    second = await startOrigin(state, "second", config.host, config.secondOriginPort);
  } catch (error) {
    await closeOrigin(api);
    throw error;
  }
  state.apiUrl = api.url;
  state.secondOriginUrl = second.url;

  let closed: Promise<void> | undefined;
  return {
    url: api.url,
    authUrl: `${api.url}/oauth/token`,
    secondOriginUrl: second.url,
    environment: config.environment,
    clientId: config.clientId,
    createTask: (input) => createTask(state, input),
    setFaults(faults) {
      state.faults.setGlobal(parseOrThrow(faultListSchema, faults, "faults", "faults"));
    },
    setTaskFaults(taskId, faults) {
      const task = state.tasks.get(taskId);
      if (!task) throw new Error(`output task ${taskId} not found`);
      state.faults.setForTask(task.taskId, parseOrThrow(faultListSchema, faults, `faults for task ${task.taskId}`, "faults"));
    },
    get requests() {
      return state.log.list();
    },
    get tokensIssued() {
      return state.tokens.issued;
    },
    close() {
      closed ??= (async () => {
        closing.abort();
        await Promise.all([closeOrigin(api), closeOrigin(second)]);
      })();
      return closed;
    },
  };
}
