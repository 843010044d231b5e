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
    case "redirect":
      // The same path and query, on the other origin: a misrouted or hijacked status call.
      response.writeHead(302, { Location: `${state.secondOriginUrl}${request.url ?? "/"}`, "Content-Length": 0 });
      response.end();
      return;
    case "echoToken": {
      // A careless error page repeating what it was sent: the token plain, in a header dump, and
      // as JSON inside JSON.
      const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1] ?? "";
      sendJson(response, fault.status, {
        error: `simulated error ${fault.status} for access_token=${token}`,
        access_token: token,
        request: JSON.stringify({ headers: { authorization: `Bearer ${token}` }, body: { access_token: token } }),
      });
      return;
    }
  }
}
