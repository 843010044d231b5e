/** Storage values as Saffron sends them (tagged by kind) and as agents give them back (the value). */
import { types } from "node:util";
import { z } from "zod";
import type { StoredValue } from "../saffron/src/host-ops";

// Bytes may arrive as a view over a larger buffer (a whole message): `types` also knows a
// Uint8Array made in another realm.
const bytes = z.custom<Uint8Array>((value) => types.isUint8Array(value), "expected a Uint8Array");

export const storedValueSchema = z.union([
  z.object({ String: z.string() }).strict(),
  z.object({ Json: z.unknown() }).strict(),
  z.object({ ByteArray: bytes }).strict(),
]);

/** What `get` resolves: the string, the JSON value or the bytes. */
export function plainValueOf(value: StoredValue): unknown {
  if ("String" in value) return value.String;
  if ("ByteArray" in value) return value.ByteArray;
  return value.Json ?? null;
}

/**
 * A copy the store may keep: bytes as an array of exactly their length (never the larger buffer
 * a view may sit on), anything else structured-cloned.
 */
export function ownCopy(value: unknown): unknown {
  if (types.isUint8Array(value)) return Uint8Array.prototype.slice.call(value);
  return structuredClone(value);
}
