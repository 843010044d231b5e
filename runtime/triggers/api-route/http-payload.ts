import type { IncomingMessage } from "node:http";
import type { Payload } from "@fstnetwork/loc-logic-sdk";
import type { ApiRouteConfig } from "../../config/schema";
import { routeLabel } from "./route-table";
import { stableUuid } from "./stable-uuid";

const API_GATEWAY_NAME = "loc-local";

/** `http://host:port` in front of a path, as proxies send the request target. */
const ABSOLUTE_FORM_ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/?]*/i;

/** The path and the raw query (without `?`) of a request target, as the client sent them. */
export function splitRequestTarget(target: string): { path: string; query: string } {
  const originForm = target.replace(ABSOLUTE_FORM_ORIGIN, "");
  const cut = originForm.indexOf("?");
  const path = cut === -1 ? originForm : originForm.slice(0, cut);
  const query = cut === -1 ? "" : originForm.slice(cut + 1);
  return { path: path === "" ? "/" : path, query };
}

/** `ip:port`, with IPv6 addresses in brackets. */
export function socketAddress(address: string | undefined, port: number | undefined): string {
  if (address === undefined) return "";
  const host = address.includes(":") ? `[${address}]` : address;
  return port === undefined ? host : `${host}:${port}`;
}

export function requestHeaders(request: IncomingMessage): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}

/** LOC's `http` payload built from the real request: what a logic sees through `ctx.payload()`. */
export function buildHttpPayload(request: IncomingMessage, body: Uint8Array, route: ApiRouteConfig, requestId: string): Payload {
  const { path, query } = splitRequestTarget(request.url ?? "/");
  const destination = socketAddress(request.socket.localAddress, request.socket.localPort);
  const label = routeLabel(route.method, route.path);
  return {
    http: {
      apiGatewayIdentityContext: { id: stableUuid(`api-gateway:${API_GATEWAY_NAME}`), name: API_GATEWAY_NAME },
      apiRouteIdentityContext: { id: stableUuid(`api-route:${label}`), name: label },
      requestId,
      source: socketAddress(request.socket.remoteAddress, request.socket.remotePort),
      destination,
      request: {
        host: request.headers.host ?? destination,
        path,
        query,
        scheme: "http",
        method: request.method ?? route.method,
        version: `HTTP/${request.httpVersion}`,
        headers: requestHeaders(request),
        data: Array.from(body),
      },
    },
  };
}
