import type { IncomingMessage } from "node:http";
import type { Payload } from "@fstnetwork/loc-logic-sdk";
import type { ApiRouteConfig } from "../../config/schema";
import { routeLabel } from "./route-table";
import { stableUuid } from "./stable-uuid";

type HttpPayload = Extract<Payload, { http: unknown }>["http"];
type Peer = NonNullable<HttpPayload["source"]>;
type HttpVersion = HttpPayload["request"]["version"];

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

/** One end of the connection as LOC's payload describes it (a TCP socket here, never a pipe). */
export function tcpPeer(address: string | undefined, port: number | undefined): Peer | null {
  return address === undefined ? null : { address: { socketAddr: { address: socketAddress(address, port), protocol: "tcp" } } };
}

const HTTP_VERSIONS = new Set(["HTTP/0.9", "HTTP/1.0", "HTTP/1.1", "HTTP/2.0", "HTTP/3.0"]);

/** Node's `1.1` as LOC's `HTTP/1.1` (`2` as `HTTP/2.0`). */
export function httpVersionOf(nodeVersion: string): HttpVersion {
  const version = `HTTP/${nodeVersion.includes(".") ? nodeVersion : `${nodeVersion}.0`}`;
  return HTTP_VERSIONS.has(version) ? (version as HttpVersion) : "HTTP/1.1";
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
  const destination = tcpPeer(request.socket.localAddress, request.socket.localPort);
  const label = routeLabel(route.method, route.path);
  return {
    http: {
      apiGatewayIdentityContext: { id: stableUuid(`api-gateway:${API_GATEWAY_NAME}`), name: API_GATEWAY_NAME },
      apiRouteIdentityContext: { id: stableUuid(`api-route:${label}`), name: label },
      requestId,
      source: tcpPeer(request.socket.remoteAddress, request.socket.remotePort),
      destination,
      request: {
        host: request.headers.host ?? socketAddress(request.socket.localAddress, request.socket.localPort),
        path,
        query,
        scheme: "http",
        method: request.method ?? route.method,
        version: httpVersionOf(request.httpVersion),
        headers: requestHeaders(request),
        data: Array.from(body),
      },
    },
  };
}
