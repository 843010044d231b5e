import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";

interface Exchange {
  request: IncomingMessage;
  response: ServerResponse;
}

/**
 * The requests each connection has in progress. A connection node's parser gave up on is answered
 * once the requests before the bad one (pipelined, fully received) have had their answers, and never
 * while an answer is being written, so answers never interleave and none is lost. A request whose
 * body is still arriving and whose answer has not begun is the bad one itself (the error is in its
 * body): it is not waited for, and ends when the connection closes.
 */
export class ConnectionActivity {
  private readonly inProgress = new WeakMap<Duplex, { exchanges: Set<Exchange>; waiters: Array<() => void> }>();
  private readonly exchangeOf = new WeakMap<IncomingMessage, Exchange>();

  begin(request: IncomingMessage, response: ServerResponse): void {
    const entry = this.inProgress.get(request.socket) ?? { exchanges: new Set(), waiters: [] };
    const exchange = { request, response };
    entry.exchanges.add(exchange);
    this.exchangeOf.set(request, exchange);
    this.inProgress.set(request.socket, entry);
  }

  end(request: IncomingMessage): void {
    const entry = this.inProgress.get(request.socket);
    const exchange = this.exchangeOf.get(request);
    if (!entry || !exchange) return;
    entry.exchanges.delete(exchange);
    if (entry.exchanges.size === 0) this.inProgress.delete(request.socket);
    if (!hasAnswersOwed(entry.exchanges)) for (const wake of entry.waiters.splice(0)) wake();
  }

  /** Resolves once no request of the connection is owed an answer that must come first. */
  whenAnswered(socket: Duplex): Promise<void> {
    const entry = this.inProgress.get(socket);
    if (!entry || !hasAnswersOwed(entry.exchanges)) return Promise.resolve();
    return new Promise((resolve) => entry.waiters.push(resolve));
  }
}

function hasAnswersOwed(exchanges: Set<Exchange>): boolean {
  return [...exchanges].some(({ request, response }) => request.complete || response.headersSent);
}

export interface ConnectionWatch {
  /** Resolves when the connection is closed (at once if it already is). */
  closed: Promise<void>;
  /** Drops the listener: a keep-alive connection serves many requests. */
  release(): void;
}

/** Per connection, one `close` listener however many requests (pipelined) wait on it. */
const watchers = new WeakMap<Socket, Set<() => void>>();

/** Watches a request's connection, so nothing waits for a client that is gone. */
export function watchConnection(socket: Socket): ConnectionWatch {
  if (socket.destroyed) return { closed: Promise.resolve(), release: () => {} };
  let waiting = watchers.get(socket);
  if (!waiting) {
    const wakeAll = new Set<() => void>();
    socket.once("close", () => {
      for (const wake of wakeAll) wake();
      wakeAll.clear();
    });
    watchers.set(socket, wakeAll);
    waiting = wakeAll;
  }
  let wake!: () => void;
  const closed = new Promise<void>((resolve) => (wake = resolve));
  waiting.add(wake);
  const watched = waiting;
  return { closed, release: () => watched.delete(wake) };
}
