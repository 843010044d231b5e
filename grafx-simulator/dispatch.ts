import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import type { Endpoint } from "./endpoint";
import { answerWithFault } from "./fault-answers";
import type { FaultPlan } from "./faults";
import { sendJson } from "./http-io";
import type { SimulatorOrigin } from "./request-log";
import { matchEndpoint } from "./routes";
import type { SimulatorState } from "./simulator-state";

const noFaults: FaultPlan = { latencyMs: 0, secondOrigin: false };

/** One request on one origin: log it, apply its faults, then let its endpoint answer. */
export async function dispatch(
  state: SimulatorState,
  origin: SimulatorOrigin,
  endpoints: readonly Endpoint[],
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const method = request.method ?? "GET";
  const path = new URL(request.url ?? "/", "http://simulator").pathname;
  const route = matchEndpoint(endpoints, method, path);
  const authorization = request.headers.authorization;
  const entry = state.log.record({
    origin,
    method,
    path,
    stage: route?.endpoint.stage ?? "unknown",
    hasAuthorization: authorization !== undefined,
    authorizationValid: state.tokens.check(authorization) === "valid",
    time: Date.now(),
  });
  response.once("finish", () => {
    entry.status = response.statusCode;
  });

  try {
    if (!route) return sendJson(response, 404, { error: `no endpoint ${method} ${path}` });
    const { endpoint, params } = route;
    let plan = noFaults;
    if (endpoint.stage !== "admin") {
      plan = state.faults.plan({ stage: endpoint.stage, taskId: params.taskId, authenticated: endpoint.authenticated, origin });
      if (plan.latencyMs > 0) await delay(plan.latencyMs, undefined, { signal: state.closing });
      if (plan.answer) return answerWithFault(state, plan.answer, request, response);
    }
    await endpoint.handle({ state, request, response, params, plan });
  } catch (error) {
    // Closing, or the client went away mid-answer: nothing left to tell anyone.
    if (state.closing.aborted || response.destroyed) return;
    if (response.headersSent) {
      response.destroy();
      return;
    }
    sendJson(response, 500, { error: `simulator error: ${(error as Error).message}` });
  }
}
