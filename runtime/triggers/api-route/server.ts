import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { ApiRouteConfig } from "../../config/schema";
import type { Executor } from "../../contract";
import { ConnectionActivity } from "./connection-activity";
import { onClientError, onConnect } from "./connection-errors";
import { handleRequest } from "./handle-request";
import { buildRouteTable, routeLabel } from "./route-table";
import { RunningExecutions } from "./running-executions";
import type { TriggerLog } from "./trigger-log";
import { listen } from "../../listen";

export interface ApiRouteServerOptions {
  routes: ApiRouteConfig[];
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  bodyLimitBytes?: number;
  /** How long `close()` waits for running requests and asynchronous executions. */
  shutdownGraceMs?: number;
  /** A request body that stops arriving for this long is answered 408 (default 30 s). */
  bodyIdleTimeoutMs?: number;
}

export interface ApiRouteServer {
  /** `http://host:port`, without a trailing slash. */
  url: string;
  port: number;
  /** Graceful: refuses new connections, lets running work finish (bounded), then resolves. */
  close(): Promise<void>;
}

/**
 * LOC's API route trigger on a real HTTP server: each configured route (method + exact path) runs
 * its data processes with an `http` payload built from the request, synchronously or not.
 * Fails at start when a route names a data process the executor does not have.
 */
export async function startApiRouteServer(
  executor: Executor,
  options: ApiRouteServerOptions,
  { log }: { log: TriggerLog },
): Promise<ApiRouteServer> {
  const { routes, host = "127.0.0.1", port = 8080, bodyLimitBytes = 1024 * 1024, shutdownGraceMs = 10_000, bodyIdleTimeoutMs = 30_000 } = options;
  routes.forEach((route, index) => {
    const missing = route.dataProcesses.filter((name) => !executor.hasDataProcess(name));
    if (missing.length > 0) {
      throw new Error(`apiRoutes[${index}] (${routeLabel(route.method, route.path)}): no data process named ${missing.join(", ")}`);
    }
  });

  const running = new RunningExecutions();
  const inFlight = new Set<Promise<void>>();
  const activity = new ConnectionActivity();
  const lingering = new Set<Duplex>();
  let closing = false;
  const deps = { executor, match: buildRouteTable(routes), bodyLimitBytes, bodyIdleTimeoutMs, running, log, isClosing: () => closing };

  // Requests without Host are refused by refuseRequest, with a sentence, rather than by node.
  const server = createServer({ requireHostHeader: false }, (request, response) => {
    activity.begin(request, response);
    const handled = handleRequest(deps, request, response);
    inFlight.add(handled);
    void handled.finally(() => {
      inFlight.delete(handled);
      activity.end(request);
    });
  });
  // A client's reset must never crash the runtime: node stops listening for a socket's errors once it
  // handed the socket over (CONNECT, Upgrade) or handled its first error, and a later write to it
  // (an answer to a request that was pipelined) can still fail.
  server.on("connection", (socket) => socket.on("error", ignoreSocketError));
  server.on("clientError", onClientError({ activity, log, lingering }));
  server.on("connect", onConnect({ activity, log, lingering }));

  await listen(server, port, host, { name: "api route server", change: "set server.port or pass --port N" });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  log({ level: "info", msg: "api route server listening", url, routes: routes.map((route) => `${routeLabel(route.method, route.path)} (${route.mode})`) });

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= shutDown();
    return closed;
  };

  async function shutDown(): Promise<void> {
    closing = true;
    const deadline = Date.now() + shutdownGraceMs;
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();

    const workDone = Promise.all([settle(inFlight), running.settled()]).then(() => true);
    if (!(await within(workDone, deadline))) {
      log({ level: "warn", msg: "api route server shutdown grace elapsed", requests: inFlight.size, asyncExecutions: running.size });
    }
    // Answers written while closing carry `Connection: close`, so their sockets end by themselves.
    server.closeIdleConnections();
    for (const socket of lingering) socket.destroy();
    if (!(await within(serverClosed.then(() => true), deadline))) server.closeAllConnections();
    await serverClosed;
    log({ level: "info", msg: "api route server closed", url });
  }

  return { url, port: address.port, close };
}

/** Waits until the set is empty, including work added while waiting. */
async function settle(work: Set<Promise<void>>): Promise<void> {
  while (work.size > 0) await Promise.all(work);
}

/** True if `work` finished before the deadline. */
async function within(work: Promise<boolean>, deadline: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The socket is gone: the request's own handling notices (its `close`), nothing else is to be done. */
function ignoreSocketError(): void {}
