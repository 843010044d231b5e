import type { ApiRouteConfig } from "../../config/schema";

/** Where the results of asynchronous executions are read back: `GET /executions/{executionId}`. */
export const EXECUTIONS_PATH_PREFIX = "/executions/";

export type RouteMatch =
  | { kind: "route"; route: ApiRouteConfig }
  | { kind: "execution-lookup"; executionId: string }
  | { kind: "wrong-method"; allow: string[] }
  | { kind: "no-route" };

export function routeLabel(method: string, path: string): string {
  return `${method} ${path}`;
}

/**
 * Matches a request by method and exact path (the query is not part of the path). Fails at start,
 * naming the route, when two routes share method and path or a route hides the executions endpoint.
 */
export function buildRouteTable(routes: readonly ApiRouteConfig[]): (method: string, path: string) => RouteMatch {
  const byPath = new Map<string, Map<string, ApiRouteConfig>>();
  routes.forEach((route, index) => {
    const where = `apiRoutes[${index}] (${routeLabel(route.method, route.path)})`;
    if (route.path.startsWith(EXECUTIONS_PATH_PREFIX)) {
      throw new Error(`${where}: paths under ${EXECUTIONS_PATH_PREFIX} are reserved for reading execution results`);
    }
    const methods = byPath.get(route.path) ?? new Map<string, ApiRouteConfig>();
    if (methods.has(route.method)) throw new Error(`${where}: the same method and path are configured twice`);
    methods.set(route.method, route);
    byPath.set(route.path, methods);
  });

  return (method, path) => {
    const methods = byPath.get(path);
    if (methods) {
      const route = methods.get(method);
      return route ? { kind: "route", route } : { kind: "wrong-method", allow: [...methods.keys()] };
    }
    if (path.startsWith(EXECUTIONS_PATH_PREFIX)) {
      const executionId = path.slice(EXECUTIONS_PATH_PREFIX.length);
      if (method !== "GET") return { kind: "wrong-method", allow: ["GET"] };
      return { kind: "execution-lookup", executionId };
    }
    return { kind: "no-route" };
  };
}
