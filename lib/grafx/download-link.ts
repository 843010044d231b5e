/**
 * Which download links we follow at all (https, or http on loopback for development) and what the
 * file is called — pure rules. Which agent fetches a link, and with the token or not: ./download-route.
 */
import type { OutputFormat } from "../orders/schema";
import { describeUrl } from "../redact";

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]"]);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Null when the link may be followed, else why not. */
export function refuseDownloadLink(url: string, allowInsecureLoopback: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "the download link is not a URL";
  }
  if (parsed.protocol === "https:") return null;
  if (parsed.protocol === "http:" && allowInsecureLoopback && isLoopbackHost(parsed.hostname)) return null;
  const rule = allowInsecureLoopback ? "https (or http on a loopback host)" : "https";
  return `the download link ${describeUrl(parsed)} is not ${rule}`;
}

const EXTENSION_BY_MEDIA_TYPE: Readonly<Record<string, string>> = {
  "application/pdf": "pdf",
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/jpg": "jpg",
  "image/gif": "gif",
  "video/mp4": "mp4",
  "application/zip": "zip",
  "application/x-zip-compressed": "zip",
};

export function mediaType(contentType: string | null): string | null {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  return type ? type : null;
}

/**
 * The order's format, else what the Content-Type says, else `bin`. A ZIP answer wins over the
 * format: GraFx batches multi-page outputs into one archive, which must not be named `.png`.
 */
export function fileExtension(format: OutputFormat | undefined, contentType: string | null): string {
  const fromType = EXTENSION_BY_MEDIA_TYPE[mediaType(contentType) ?? ""];
  if (fromType === "zip") return "zip";
  return format ?? fromType ?? "bin";
}
