import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "./http-io";
import type { SimulatorState } from "./simulator-state";

const messages = {
  missing: "missing bearer token",
  invalid: "invalid bearer token",
  expired: "bearer token expired",
} as const;

/** Answers 401 and returns false unless the request carries a valid, unexpired token. */
export function requireBearer(state: SimulatorState, request: IncomingMessage, response: ServerResponse): boolean {
  const check = state.tokens.check(request.headers.authorization);
  if (check === "valid") return true;
  sendJson(response, 401, { error: messages[check] }, { "WWW-Authenticate": `Bearer error="invalid_token"` });
  return false;
}

export function answerTokenExpired(state: SimulatorState, response: ServerResponse): void {
  state.tokens.expireAll();
  sendJson(response, 401, { error: messages.expired }, { "WWW-Authenticate": `Bearer error="invalid_token"` });
}
