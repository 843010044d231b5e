import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiRouteConfig } from "../../config/schema";
import type { ExecuteRequest, Executor, StartedExecution } from "../../contract";
import { lookUpExecution } from "./execution-lookup";
import { buildHttpPayload, splitRequestTarget } from "./http-payload";
import { watchConnection } from "./connection-activity";
import { readBody } from "./read-body";
import { refuseRequest, shownPath } from "./request-checks";
import { ExecutorBusyError } from "../../executor/execution-slots";
import { acceptedAnswer, errorAnswer, executionEnvelope, sendAnswer, type Answer, type RequestFacts } from "./responses";
import { routeLabel, type RouteMatch } from "./route-table";
import type { RunningExecutions } from "./running-executions";
import { describeError, type TriggerLog } from "./trigger-log";

export interface RequestHandlerDeps {
  executor: Executor;
  match: (method: string, path: string) => RouteMatch;
  bodyLimitBytes: number;
  /** A body that stops arriving for this long is answered 408. */
  bodyIdleTimeoutMs: number;
  running: RunningExecutions;
  log: TriggerLog;
  /** True once shutdown began: answers ask clients not to reuse their connection. */
  isClosing: () => boolean;
}

/** Nobody is left to answer: the client went away (mid-body, or while its execution ran). */
interface Dropped {
  dropped: true;
  executionId?: string;
}

/**
 * Answers one request; resolves once the answer is written, or once the connection is gone (its
 * execution, if one started, goes on). Never rejects, and never waits for a client that left.
 */
export async function handleRequest(deps: RequestHandlerDeps, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const started = performance.now();
  const method = request.method ?? "GET";
  const { path: fullPath } = splitRequestTarget(request.url ?? "/");
  const refusal = refuseRequest(request);
  // Logs never carry a long path in full; answers do only when it is short enough to be routed.
  const loggedPath = shownPath(fullPath);
  const path = refusal?.status === 414 ? loggedPath : fullPath;
  const facts: RequestFacts = { route: routeLabel(method, path), requestId: randomUUID(), triggeredAt: new Date() };
  response.setHeader("x-request-id", facts.requestId);
  const connection = watchConnection(request.socket);

  let answered: Answer | undefined;
  let executionId: string | undefined;
  try {
    const outcome = deps.isClosing()
      ? { ...errorAnswer(503, "the server is shutting down", facts), closeConnection: true }
      : refusal
        ? { ...errorAnswer(refusal.status, refusal.message, facts, encapsulationOf(deps, method, path)), closeConnection: true }
        : await answerRequest(deps, request, method, path, facts, connection.closed);
    if ("dropped" in outcome) {
      executionId = outcome.executionId;
    } else {
      // Node parses nothing more on a connection after a request asking for an Upgrade (none is
      // offered here): closing it tells a pipelining client to send the rest again elsewhere.
      if (deps.isClosing() || request.headers.upgrade !== undefined) outcome.closeConnection = true;
      if (await sendAnswer(response, outcome)) answered = outcome;
      executionId = outcome.executionId;
    }
  } catch (error) {
    deps.log({ level: "error", msg: "api route request failed", method, path: loggedPath, requestId: facts.requestId, error: describeError(error) });
    if (response.headersSent || response.destroyed) {
      response.destroy();
    } else {
      const failure = { ...errorAnswer(500, "internal error", facts, encapsulationOf(deps, method, path)), closeConnection: deps.isClosing() };
      if (await sendAnswer(response, failure)) answered = failure;
    }
  } finally {
    connection.release();
  }

  deps.log({
    level: "info",
    msg: answered ? "api route request" : "api route request aborted by the client",
    method,
    path: loggedPath,
    status: answered?.status ?? null,
    ms: Math.round(performance.now() - started),
    requestId: facts.requestId,
    ...(executionId ? { executionId } : {}),
  });
}

/** Whether answers on this path are encapsulated: as its route says, else yes. */
function encapsulationOf(deps: RequestHandlerDeps, method: string, path: string): boolean {
  const match = deps.match(method, path);
  return match.kind !== "route" || match.route.encapsulation;
}

async function answerRequest(
  deps: RequestHandlerDeps,
  request: IncomingMessage,
  method: string,
  path: string,
  facts: RequestFacts,
  gone: Promise<void>,
): Promise<Answer | Dropped> {
  const match = deps.match(method, path);
  switch (match.kind) {
    case "no-route":
      return errorAnswer(400, `no API route for ${facts.route}`, facts);
    case "wrong-method":
      return { ...errorAnswer(405, `method ${method} is not allowed on ${path}; allowed: ${match.allow.join(", ")}`, facts), headers: { allow: match.allow.join(", ") } };
    case "execution-lookup":
      return lookUpExecution(deps.executor, deps.running, match.executionId, facts);
    case "route":
      return runRoute(deps, request, match.route, facts, gone);
  }
}

async function runRoute(deps: RequestHandlerDeps, request: IncomingMessage, route: ApiRouteConfig, facts: RequestFacts, gone: Promise<void>): Promise<Answer | Dropped> {
  const body = await readBody(request, deps.bodyLimitBytes, deps.bodyIdleTimeoutMs);
  if (body.kind === "aborted") return { dropped: true };
  if (body.kind === "stalled") {
    const message = `the request body stopped arriving: no data for ${deps.bodyIdleTimeoutMs / 1000} s`;
    return { ...errorAnswer(408, message, facts, route.encapsulation), closeConnection: true };
  }
  if (body.kind === "too-large") {
    const message = `the request body is larger than the limit of ${deps.bodyLimitBytes} bytes`;
    return { ...errorAnswer(413, message, facts, route.encapsulation), closeConnection: true };
  }

  // No timeout of the route's own goes to the executor: the data process's timeout bounds the
  // execution; the route's only bounds how long this request waits for it.
  const execution: ExecuteRequest = {
    dataProcesses: route.dataProcesses,
    payload: buildHttpPayload(request, body.bytes, route, facts.requestId),
    triggerType: "ApiRoute",
    triggerMetadata: { method: route.method, path: route.path, requestId: facts.requestId },
  };

  let started: StartedExecution;
  try {
    started = deps.executor.start(execution);
  } catch (error) {
    // Backpressure: executions.maxRunning run and maxQueued wait already.
    if (!(error instanceof ExecutorBusyError)) throw error;
    const busy = errorAnswer(503, `${error.message}; retry after ${error.retryAfterSeconds} s`, facts, route.encapsulation);
    return { ...busy, headers: { ...busy.headers, "retry-after": String(error.retryAfterSeconds) } };
  }
  deps.running.track(started, facts);
  if (route.mode === "async") return acceptedAnswer(started.executionId, facts, route.encapsulation);

  // LOC answers a synchronous route with 202 once its wait is over; the execution goes on and
  // its result is read later at GET /executions/{executionId}. A client that leaves is not waited for.
  const record = await within(Promise.race([started.done, gone.then(() => "gone" as const)]), route.timeoutMs);
  if (record === "gone") return { dropped: true, executionId: started.executionId };
  if (!record) return acceptedAnswer(started.executionId, facts, route.encapsulation);
  const headers = { "x-execution-id": record.executionId };
  const answerBody = route.encapsulation ? executionEnvelope(record, facts.route, facts.requestId) : record.result;
  return { status: record.status, body: answerBody, headers, executionId: record.executionId };
}

/** What `work` resolves if it does within `ms`, else undefined (`work` goes on). */
async function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<undefined>((resolve) => {
    // Unref'd: the request's socket, or the execution, is what keeps the process alive.
    timer = setTimeout(() => resolve(undefined), ms).unref();
  });
  try {
    return await Promise.race([work, waited]);
  } finally {
    clearTimeout(timer);
  }
}
