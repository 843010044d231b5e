import type { ServerResponse } from "node:http";
import type { ExecutionRecord, TriggerType } from "../../contract";
import { watchConnection } from "./connection-activity";
import { EXECUTIONS_PATH_PREFIX } from "./route-table";
import { finishedStatus, type ExecutionStatus } from "../../execution-status";

/**
 * An answer to one request. With encapsulation on, `body` is the envelope
 * `{ _status, _metadata, data }`; with it off, the bare task result. HTTP status = `status` always.
 */
export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  executionId?: string;
  /** Ask the client not to reuse the connection (e.g. a body was left unread). */
  closeConnection?: boolean;
}

export interface EnvelopeMetadata {
  /** Null when no execution ran (unknown route, wrong method, body too large…). */
  executionId: string | null;
  /** Absent when no execution ran. */
  status?: ExecutionStatus;
  triggerType: TriggerType;
  triggeredAt: string;
  finishedAt?: string;
  durationMs?: number;
  /** `METHOD /path` of the API route, when there is one. */
  route?: string;
  requestId?: string;
}

export interface Envelope {
  _status: number;
  _metadata: EnvelopeMetadata;
  data: unknown;
}

/** The execution result as LOC's API route answers it with encapsulation on. */
export function executionEnvelope(record: ExecutionRecord, route: string | undefined, requestId: string | undefined): Envelope {
  return {
    _status: record.status,
    _metadata: {
      executionId: record.executionId,
      status: finishedStatus(record),
      triggerType: record.triggerType,
      triggeredAt: record.triggeredAt,
      finishedAt: record.finishedAt,
      durationMs: record.durationMs,
      ...(route === undefined ? {} : { route }),
      ...(requestId === undefined ? {} : { requestId }),
    },
    data: record.result,
  };
}

export interface RequestFacts {
  route: string;
  requestId: string;
  triggeredAt: Date;
}

/** A failure answered by the server itself, before or instead of an execution (no route when the request could not be parsed). */
export function errorAnswer(status: number, message: string, facts: Omit<RequestFacts, "route"> & { route?: string }, encapsulation = true): Answer {
  if (!encapsulation) return { status, body: { error: message } };
  const finishedAt = new Date();
  const envelope: Envelope = {
    _status: status,
    _metadata: {
      executionId: null,
      triggerType: "ApiRoute",
      triggeredAt: facts.triggeredAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - facts.triggeredAt.getTime(),
      ...(facts.route === undefined ? {} : { route: facts.route }),
      requestId: facts.requestId,
    },
    data: { error: message },
  };
  return { status, body: envelope };
}

/** Where a client reads an execution's result by id (`GET`): 202 while it runs, then 200. */
export function executionLocation(executionId: string): string {
  return `${EXECUTIONS_PATH_PREFIX}${executionId}`;
}

/**
 * 202 for an execution that is started and not finished (an asynchronous route, a synchronous
 * one past its wait, a lookup while it runs): its id, and where to read its result later.
 */
export function acceptedAnswer(executionId: string, facts: RequestFacts, encapsulation = true): Answer {
  const data = { executionId };
  const headers = { location: executionLocation(executionId), "x-execution-id": executionId };
  if (!encapsulation) return { status: 202, body: data, headers, executionId };
  const envelope: Envelope = {
    _status: 202,
    _metadata: {
      executionId,
      status: "In Progress",
      triggerType: "ApiRoute",
      triggeredAt: facts.triggeredAt.toISOString(),
      route: facts.route,
      requestId: facts.requestId,
    },
    data,
  };
  return { status: 202, body: envelope, headers, executionId };
}

/**
 * Writes a JSON answer. Resolves true once it is handed to the socket, false when the connection
 * closed first: a pipelined answer queued behind others on a connection that is gone never gets a
 * socket, so its own `close` never comes — the connection's does.
 */
export function sendAnswer(response: ServerResponse, answer: Answer): Promise<boolean> {
  if (!Number.isInteger(answer.status) || answer.status < 100 || answer.status > 599) {
    return Promise.reject(new Error(`not an HTTP status code: ${answer.status}`));
  }
  const connection = watchConnection(response.req.socket);
  if (response.req.socket.destroyed || response.destroyed) {
    connection.release();
    return Promise.resolve(false);
  }
  const text = JSON.stringify(answer.body ?? null);
  const headers: Record<string, string | number> = {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...answer.headers,
  };
  if (answer.closeConnection) headers.connection = "close";
  return new Promise<boolean>((resolve) => {
    const settle = (sent: boolean) => {
      response.off("close", onResponseClose);
      connection.release();
      resolve(sent);
    };
    const onResponseClose = () => settle(response.writableFinished);
    response.once("close", onResponseClose);
    void connection.closed.then(() => settle(response.writableFinished));
    response.writeHead(answer.status, headers);
    response.end(text, () => settle(true));
  });
}
