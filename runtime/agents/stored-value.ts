/** Storage values as the SDK sends them (tagged by kind) and as agents give them back (the value). */
import { z } from "zod";
import type { StoredValue } from "../../sdk/src/host/ops";

export const storedValueSchema = z.union([
  z.object({ String: z.string() }).strict(),
  z.object({ Json: z.unknown() }).strict(),
  z.object({ ByteArray: z.instanceof(Uint8Array) }).strict(),
]);

/** What `get` resolves: the string, the JSON value or the bytes. */
export function plainValueOf(value: StoredValue): unknown {
  if ("String" in value) return value.String;
  if ("ByteArray" in value) return value.ByteArray;
  return value.Json ?? null;
}
