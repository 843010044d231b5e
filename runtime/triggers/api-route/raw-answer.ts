import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import type { Answer } from "./responses";

/** How long a connection answered this way keeps reading (and dropping) what the client still sends. */
export const LINGER_MS = 1_000;

/**
 * Writes an answer straight onto a connection that has no response object (one node's parser gave
 * up on, a CONNECT request), then closes it gently: the write side ends at once, and what the client
 * still sends is read and dropped until it closes too (at most `lingerMs`). Destroying the socket
 * with unread bytes would send a reset, and a client that gets a reset loses the answer.
 * Resolves once the connection is closed.
 */
export function answerOnSocket(socket: Duplex, answer: Answer, lingerMs = LINGER_MS): Promise<void> {
  const text = JSON.stringify(answer.body ?? null);
  const headers: Record<string, string | number> = {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    date: new Date().toUTCString(),
    ...answer.headers,
    connection: "close",
  };
  const head = [`HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? "Unknown"}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];

  return new Promise((resolve) => {
    if (socket.destroyed) {
      resolve();
      return;
    }
    const timer = setTimeout(() => socket.destroy(), lingerMs).unref();
    socket.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
    // A client that resets after reading the answer is no error of ours.
    socket.on("error", () => socket.destroy());
    socket.on("data", () => {});
    socket.resume();
    if (socket.writable) socket.end(`${head.join("\r\n")}\r\n\r\n${text}`);
    else socket.destroy();
  });
}
