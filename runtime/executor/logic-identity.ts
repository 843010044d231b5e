/**
 * Stable identities for local logics and data processes: LOC gives each a permanent identity
 * (a UUID) and a revision; locally the UUID is derived from the name, so it is the same on
 * every run.
 */
import { createHash } from "node:crypto";
import { basename, extname } from "node:path";

export function stableUuid(text: string): string {
  const hex = createHash("sha256").update(text).digest("hex");
  // Shaped as a version-5-like UUID (name-based), so it looks like what LOC hands out.
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

/** `generic-logic/read-orders.ts` → `read-orders`. */
export function logicNameOf(file: string): string {
  return basename(file, extname(file));
}
