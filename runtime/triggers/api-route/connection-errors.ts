/**
 * The requests that never become a `request` event: those node's parser refuses (`clientError`) and
 * `CONNECT` (node hands its socket over as a tunnel). Each is answered on the socket with the code and
 * a sentence, in the same JSON shape as every other refusal, and logged as one line.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { clientErrorAnswer, type ParserError } from "./client-error";
import type { ConnectionActivity } from "./connection-activity";
import { answerOnSocket } from "./raw-answer";
import { shownPath } from "./request-checks";
import { errorAnswer } from "./responses";
import type { TriggerLog } from "./trigger-log";

export interface ConnectionErrorDeps {
  activity: ConnectionActivity;
  log: TriggerLog;
  /** Connections closing after such an answer; shutdown ends them at once. */
  lingering: Set<Duplex>;
}

/** Node emits `clientError` again for every chunk that follows a parse error: answered once. */
const answered = new WeakSet<Duplex>();

export function onClientError(deps: ConnectionErrorDeps) {
  return (error: ParserError, socket: Duplex): void => {
    if (answered.has(socket)) return;
    answered.add(socket);
    const refusal = clientErrorAnswer(error);
    if (!refusal) {
      socket.destroy();
      return;
    }
    const started = performance.now();
    const facts = { requestId: randomUUID(), triggeredAt: new Date() };
    // Pipelined requests before the bad one get their answers first.
    void deps.activity.whenAnswered(socket).then(() => {
      deps.log({ level: "info", msg: "api route request refused by the HTTP parser", code: error.code, status: refusal.status, ms: Math.round(performance.now() - started), requestId: facts.requestId });
      linger(deps, socket, answerOnSocket(socket, { ...errorAnswer(refusal.status, refusal.message, facts), headers: { "x-request-id": facts.requestId } }));
    });
  };
}

/** `CONNECT host:port`: this server is no proxy. */
export function onConnect(deps: ConnectionErrorDeps) {
  return (request: IncomingMessage, socket: Duplex): void => {
    const target = shownPath(request.url ?? "");
    const facts = { route: `CONNECT ${target}`, requestId: randomUUID(), triggeredAt: new Date() };
    const message = "CONNECT is not supported: this server is no proxy; send the request itself (e.g. POST with the route's path)";
    const started = performance.now();
    // Pipelined requests before it get their answers first.
    void deps.activity.whenAnswered(socket).then(() => {
      deps.log({ level: "info", msg: "api route request", method: "CONNECT", path: target, status: 501, ms: Math.round(performance.now() - started), requestId: facts.requestId });
      linger(deps, socket, answerOnSocket(socket, { ...errorAnswer(501, message, facts), headers: { "x-request-id": facts.requestId } }));
    });
  };
}

function linger(deps: ConnectionErrorDeps, socket: Duplex, closed: Promise<void>): void {
  deps.lingering.add(socket);
  void closed.then(() => deps.lingering.delete(socket));
}
