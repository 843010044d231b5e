/**
 * LOC's rule for what a logic may fetch through an HTTP agent: a path, which the agent's
 * configuration (scheme, host, port, path prefix) turns into a URL. Pure, so it is table-tested.
 */
import { HostOpError } from "./agent";

/** LOC's own words (SDK reference, HTTP Agent). */
export const PATH_ONLY_RULE =
  "Unlike the fetch API elsewhere, you can only use path as input. Using a full URL (host + path) would throw an error.";

/** What a message may show of a URL or path: no query or fragment (a signed link keeps its key there). */
export function withoutQuery(text: string): string {
  const cut = text.search(/[?#]/);
  return cut === -1 ? text : `${text.slice(0, cut)}?…`;
}

/**
 * Refuses anything that is not a path: an absolute URL (anything `URL.canParse` takes alone) or
 * a scheme-relative `//host/…` (also with backslashes, which URL parsers read as slashes).
 */
export function assertPathOnly(configuration: string, path: string): void {
  if (!URL.canParse(path) && !/^[/\\]{2}/.test(path)) return;
  throw new HostOpError(
    "TypeError",
    `HTTP agent "${configuration}": "${withoutQuery(path)}" is a full URL, not a path. ${PATH_ONLY_RULE} ` +
      `The host comes from the agent's configuration; to reach another host, configure an HTTP agent for it.`,
  );
}

/**
 * A path appended to the base URL's path (`https://h/api` + `orders?x=1` or `/orders?x=1` →
 * `https://h/api/orders?x=1`), the way a LOC HTTP agent configuration's host and path prefix a
 * logic's request; the base URL's query stays unless the path brings its own. The origin is
 * always the base URL's: the path only ever sets the URL's path, query and fragment.
 */
export function resolveAgentUrl(baseUrl: string, path: string): URL {
  const base = new URL(baseUrl);
  const suffixAt = path.search(/[?#]/);
  const pathPart = suffixAt === -1 ? path : path.slice(0, suffixAt);
  const suffix = suffixAt === -1 ? "" : path.slice(suffixAt);
  const url = new URL(base.origin);
  const basePath = base.pathname.replace(/\/+$/, "");
  url.pathname = pathPart === "" ? base.pathname : `${basePath}/${pathPart.replace(/^[/\\]+/, "")}`;
  url.search = base.search;
  if (suffix.startsWith("?")) return new URL(suffix, url);
  if (suffix.startsWith("#")) url.hash = suffix;
  return url;
}
