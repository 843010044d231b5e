/**
 * The yardstick of the per-execution cost: a bare node:http handler on 127.0.0.1 doing the trivial
 * data process's JSON work — read the body, parse `{ a, b }`, answer `{ sum }` — and nothing else.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface BareServer {
  url: string;
  close(): Promise<void>;
}

export async function startBareServer(): Promise<BareServer> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      let status = 200;
      let answer: unknown;
      try {
        const { a, b } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { a: number; b: number };
        answer = { sum: a + b };
      } catch (error) {
        status = 400;
        answer = { error: (error as Error).message };
      }
      const text = JSON.stringify(answer);
      response.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
      response.end(text);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
