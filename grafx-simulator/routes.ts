import { adminEndpoints } from "./admin-endpoints";
import { secondOriginDownloadEndpoint } from "./downloads";
import type { Endpoint } from "./endpoint";
import {
  apiDownloadEndpoint,
  createOutputEndpoint,
  redirectedDownloadEndpoint,
  redirectedStatusEndpoint,
  taskStatusEndpoint,
} from "./output-endpoints";
import { tokenEndpoint } from "./token-endpoint";

/** Everything the API origin answers: GraFx's paths and the admin API. */
export const apiEndpoints: readonly Endpoint[] = [
  tokenEndpoint,
  createOutputEndpoint,
  taskStatusEndpoint,
  apiDownloadEndpoint,
  ...adminEndpoints,
];

/** The second origin serves files, and the status and download calls a `redirect` fault sends it. */
export const secondOriginEndpoints: readonly Endpoint[] = [secondOriginDownloadEndpoint, redirectedStatusEndpoint, redirectedDownloadEndpoint];

export interface RouteMatch {
  endpoint: Endpoint;
  params: Record<string, string>;
}

export function matchEndpoint(endpoints: readonly Endpoint[], method: string, path: string): RouteMatch | undefined {
  for (const endpoint of endpoints) {
    if (endpoint.method !== method) continue;
    const match = endpoint.pattern.exec(path);
    if (!match) continue;
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(match.groups ?? {})) params[name] = safeDecode(value);
    return { endpoint, params };
  }
  return undefined;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
