/** Keeps secrets out of anything that ends in a log line, an error text or a result. */

const REDACTED = "[redacted]";

/** Replaces every occurrence of each secret (tokens, client secret) in `text`. */
export function redactSecrets(text: string, secrets: Iterable<string | null | undefined>): string {
  let safe = text;
  for (const secret of secrets) {
    // Very short values would blank out ordinary words; real secrets are long.
    if (secret && secret.length >= 8) safe = safe.split(secret).join(REDACTED);
  }
  return safe;
}

/** Signed download links carry their credential in the query string: drop every URL's query. */
export function stripUrlQueries(text: string): string {
  return text.replace(/\b(https?:\/\/[^\s?#"'<>]*)\?[^\s#"'<>]*/gi, "$1?…");
}

/** A URL fit for a message: origin and path only. */
export function describeUrl(url: string | URL): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return "(invalid URL)";
  }
}
