/** Starts a server listening, with an error that says what to change when its port cannot be had. */
import type { Server } from "node:http";

/** A port in use or not allowed: said in one line naming the setting and the flag that change it. */
export class PortInUseError extends Error {
  override name = "PortInUseError";
}

export function listen(server: Server, port: number, host: string, what: { name: string; change: string }): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE" || error.code === "EACCES") {
        const why = error.code === "EADDRINUSE" ? "is in use" : "is not allowed";
        reject(new PortInUseError(`${what.name}: port ${port} on ${host} ${why}; ${what.change} (0 picks a free port)`));
      } else {
        reject(error);
      }
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
}
