import { onTestFinished } from "vitest";
import { apiRouteSchema, type ApiRouteConfig } from "../../../runtime/config/schema";
import type { Executor } from "../../../runtime/contract";
import { startApiRouteServer, type ApiRouteServer, type ApiRouteServerOptions } from "../../../runtime/triggers/api-route";
import { LogRecorder } from "./log-recorder";

/** A route as written in the config file (defaults filled in by the config schema). */
export type RouteInput = Partial<ApiRouteConfig> & Pick<ApiRouteConfig, "method" | "path">;

export function route(input: RouteInput): ApiRouteConfig {
  return apiRouteSchema.parse({ dataProcesses: ["orders"], ...input });
}

/** The API route server on 127.0.0.1 and a free port, closed when the test ends. */
export async function startTestServer(
  executor: Executor,
  routes: RouteInput[],
  options: Omit<ApiRouteServerOptions, "routes"> = {},
): Promise<{ server: ApiRouteServer; logs: LogRecorder }> {
  const logs = new LogRecorder();
  const server = await startApiRouteServer(executor, { host: "127.0.0.1", port: 0, shutdownGraceMs: 2_000, ...options, routes: routes.map(route) }, { log: logs.log });
  onTestFinished(() => server.close());
  return { server, logs };
}
