import { createHash } from "node:crypto";

/** The namespace of every id this local LOC derives from a name (RFC 4122 name-based, version 5). */
const LOCAL_LOC_NAMESPACE = "6f1c2e0a-5d3b-4c8e-9a71-0b2d4e6f8a13";

/**
 * A UUID that stays the same for the same name across restarts, so identity contexts (API gateway,
 * API route, schedule) look like LOC's and can be compared between executions.
 */
export function stableUuid(name: string): string {
  const namespace = Buffer.from(LOCAL_LOC_NAMESPACE.replaceAll("-", ""), "hex");
  const bytes = createHash("sha1").update(namespace).update(name, "utf8").digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
