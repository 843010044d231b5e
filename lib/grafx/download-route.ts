/**
 * Which HTTP agent fetches a download link, with which path, and whether the token goes along.
 *
 * On LOC an HTTP agent takes a path only; its host (and path prefix) is set in LOC, not in code. So
 * a link is reachable only when it lies under the base URL of an agent this data process has, and
 * the logic learns those base URLs from logic variables mirroring the agents (GRAFX_BASE_URL,
 * GRAFX_DOWNLOAD_BASE_URL) — never from a response, so no answer or redirect can steer the token.
 */
import { HTTP_AGENT_API, HTTP_AGENT_DOWNLOAD } from "../agents";
import { describeUrl } from "../redact";
import { SettingsError, type Settings } from "../settings";
import { refuseDownloadLink } from "./download-link";

/** The configured base URLs, as the logic variables give them. */
export interface DownloadBases {
  /** GRAFX_BASE_URL: the `grafx-api` agent's base URL. */
  api: string;
  /** GRAFX_DOWNLOAD_BASE_URL: the `grafx-download` agent's base URL, when that agent exists. */
  download: string | null;
}

export type DownloadRoute =
  | {
      kind: "agent";
      agent: typeof HTTP_AGENT_API | typeof HTTP_AGENT_DOWNLOAD;
      /** Relative to the agent's base URL, query included. */
      path: string;
      /** Only through `grafx-api`: the token never leaves the GraFx API. */
      withToken: boolean;
      /** Origin and path, for messages (a signed link's query is its credential). */
      shownUrl: string;
    }
  | { kind: "refused"; message: string };

export function downloadBasesOf(settings: Pick<Settings, "apiBaseUrl" | "downloadBaseUrl">): DownloadBases {
  if (settings.apiBaseUrl === null) {
    throw new SettingsError(
      'logic variable GRAFX_BASE_URL not set: it must hold the base URL of the "grafx-api" HTTP agent (a logic cannot read an agent\'s configuration)',
    );
  }
  return { api: settings.apiBaseUrl, download: settings.downloadBaseUrl };
}

function prefixOf(base: URL): string {
  return base.pathname.replace(/\/+$/, "");
}

/**
 * The URL an agent with base URL `base` requests for `path`: the path appended to the base's path
 * prefix (`https://h/api` + `/files/1` → `https://h/api/files/1`; `""` → the base URL itself).
 */
export function agentRequestUrl(base: string, path: string): URL {
  const baseUrl = new URL(base);
  const suffixAt = path.search(/[?#]/);
  const pathPart = suffixAt === -1 ? path : path.slice(0, suffixAt);
  const joined = pathPart === "" ? baseUrl.pathname : `${prefixOf(baseUrl)}/${pathPart.replace(/^\/+/, "")}`;
  const url = new URL(joined, baseUrl.origin);
  return suffixAt === -1 ? url : new URL(path.slice(suffixAt), url);
}

/** The path to hand an agent whose base URL is `base` for `link`; null when the link is not under it. */
export function pathUnderBase(link: URL, base: string): string | null {
  const baseUrl = new URL(base);
  if (link.origin !== baseUrl.origin) return null;
  const prefix = prefixOf(baseUrl);
  const path = link.pathname;
  if (prefix !== "" && path !== prefix && !path.startsWith(`${prefix}/`)) return null;
  return `${path.slice(prefix.length)}${link.search}`;
}

function noAgentMessage(link: URL, bases: DownloadBases): string {
  const downloadAgent =
    bases.download === null
      ? `no "${HTTP_AGENT_DOWNLOAD}" agent is configured (GRAFX_DOWNLOAD_BASE_URL is not set)`
      : `nor the "${HTTP_AGENT_DOWNLOAD}" agent (GRAFX_DOWNLOAD_BASE_URL ${describeUrl(bases.download)})`;
  return (
    `the download link ${describeUrl(link)} is on host ${link.host}, which no HTTP agent of this data process reaches: ` +
    `not the "${HTTP_AGENT_API}" agent (GRAFX_BASE_URL ${describeUrl(bases.api)}), ${downloadAgent}. ` +
    `Configure the "${HTTP_AGENT_DOWNLOAD}" HTTP agent with base URL ${link.origin} and set the logic variable GRAFX_DOWNLOAD_BASE_URL to the same value`
  );
}

/**
 * How to fetch `link` (absolute): through `grafx-api` with the token when it lies under
 * GRAFX_BASE_URL, else through `grafx-download` without it when it lies under
 * GRAFX_DOWNLOAD_BASE_URL, else not at all.
 */
export function routeDownload(link: string, bases: DownloadBases, allowInsecureLoopback: boolean): DownloadRoute {
  const refusal = refuseDownloadLink(link, allowInsecureLoopback);
  if (refusal) return { kind: "refused", message: refusal };
  const url = new URL(link);
  const shownUrl = describeUrl(url);
  const through = (agent: typeof HTTP_AGENT_API | typeof HTTP_AGENT_DOWNLOAD, path: string): DownloadRoute =>
    // An agent reads a path starting with "//" as a host (a scheme-relative URL) and refuses it.
    /^[/\\]{2}/.test(path)
      ? { kind: "refused", message: `the download link ${shownUrl} has a path starting with "//", which no HTTP agent takes` }
      : { kind: "agent", agent, path, withToken: agent === HTTP_AGENT_API, shownUrl };
  const apiPath = pathUnderBase(url, bases.api);
  if (apiPath !== null) return through(HTTP_AGENT_API, apiPath);
  const downloadPath = bases.download === null ? null : pathUnderBase(url, bases.download);
  if (downloadPath !== null) return through(HTTP_AGENT_DOWNLOAD, downloadPath);
  return { kind: "refused", message: noAgentMessage(url, bases) };
}
