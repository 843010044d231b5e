import type { IncomingMessage, ServerResponse } from "node:http";
import { answerTokenExpired } from "./auth";
import type { AnswerFault } from "./faults";
import { sendJson } from "./http-io";
import type { SimulatorState } from "./simulator-state";

/** Answers a request the way an answer fault says (or, for reset and hang, does not answer). */
export function answerWithFault(
  state: SimulatorState,
  fault: AnswerFault,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  switch (fault.kind) {
    case "rateLimit":
      sendJson(response, 429, { error: "too many requests (simulated)" }, { "Retry-After": String(fault.retryAfterSeconds) });
      return;
    case "error":
      sendJson(response, fault.status, { error: fault.body ?? `simulated error ${fault.status}` });
      return;
    case "reset":
      // An RST, not a FIN: the client sees ECONNRESET rather than an orderly close.
      request.socket.resetAndDestroy();
      return;
    case "hang":
      // Deliberately nothing: close() destroys the socket.
      return;
    case "expireTokens":
      answerTokenExpired(state, response);
      return;
  }
}
