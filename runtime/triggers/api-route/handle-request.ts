import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiRouteConfig } from "../../config/schema";
import type { ExecuteRequest, Executor } from "../../contract";
import { lookUpExecution } from "./execution-lookup";
import { buildHttpPayload, splitRequestTarget } from "./http-payload";
import { readBody } from "./read-body";
import { acceptedAnswer, errorAnswer, executionEnvelope, sendAnswer, type Answer, type RequestFacts } from "./responses";
import { routeLabel, type RouteMatch } from "./route-table";
import type { RunningExecutions } from "./running-executions";
import { describeError, type TriggerLog } from "./trigger-log";

export interface RequestHandlerDeps {
  executor: Executor;
  match: (method: string, path: string) => RouteMatch;
  bodyLimitBytes: number;
  running: RunningExecutions;
  log: TriggerLog;
  /** True once shutdown began: answers ask clients not to reuse their connection. */
  isClosing: () => boolean;
}

/** Answers one request; resolves once the answer is written. Never rejects. */
export async function handleRequest(deps: RequestHandlerDeps, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const started = performance.now();
  const method = request.method ?? "GET";
  const { path } = splitRequestTarget(request.url ?? "/");
  const facts: RequestFacts = { route: routeLabel(method, path), requestId: randomUUID(), triggeredAt: new Date() };
  response.setHeader("x-request-id", facts.requestId);

  let answered: Answer | undefined;
  try {
    const answer = deps.isClosing()
      ? { ...errorAnswer(503, "the server is shutting down", facts), closeConnection: true }
      : await answerRequest(deps, request, method, path, facts);
    if (answer && !response.destroyed) {
      if (deps.isClosing()) answer.closeConnection = true;
      await sendAnswer(response, answer);
      answered = answer;
    }
  } catch (error) {
    deps.log({ level: "error", msg: "api route request failed", method, path, requestId: facts.requestId, error: describeError(error) });
    if (response.headersSent || response.destroyed) {
      response.destroy();
    } else {
      const match = deps.match(method, path);
      answered = { ...errorAnswer(500, "internal error", facts, match.kind !== "route" || match.route.encapsulation), closeConnection: deps.isClosing() };
      await sendAnswer(response, answered);
    }
  }

  deps.log({
    level: "info",
    msg: answered ? "api route request" : "api route request aborted by the client",
    method,
    path,
    status: answered?.status ?? null,
    ms: Math.round(performance.now() - started),
    requestId: facts.requestId,
    ...(answered?.executionId ? { executionId: answered.executionId } : {}),
  });
}

/** Undefined when there is nobody left to answer (the client went away mid-body). */
async function answerRequest(deps: RequestHandlerDeps, request: IncomingMessage, method: string, path: string, facts: RequestFacts): Promise<Answer | undefined> {
  const match = deps.match(method, path);
  switch (match.kind) {
    case "no-route":
      return errorAnswer(400, `no API route for ${facts.route}`, facts);
    case "wrong-method":
      return { ...errorAnswer(405, `method ${method} is not allowed on ${path}; allowed: ${match.allow.join(", ")}`, facts), headers: { allow: match.allow.join(", ") } };
    case "execution-lookup":
      return lookUpExecution(deps.executor, deps.running, match.executionId, facts);
    case "route":
      return runRoute(deps, request, match.route, facts);
  }
}

async function runRoute(deps: RequestHandlerDeps, request: IncomingMessage, route: ApiRouteConfig, facts: RequestFacts): Promise<Answer | undefined> {
  const body = await readBody(request, deps.bodyLimitBytes);
  if (body.kind === "aborted") return undefined;
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

  const started = deps.executor.start(execution);
  deps.running.track(started, facts);
  if (route.mode === "async") return acceptedAnswer(started.executionId, facts, route.encapsulation);

  // LOC answers a synchronous route with 202 once its wait is over; the execution goes on and
  // its result is read later at GET /executions/{executionId}.
  const record = await within(started.done, route.timeoutMs);
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
