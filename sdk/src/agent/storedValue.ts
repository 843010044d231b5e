/** What a storage agent's `get` resolves: the value as stored, or null when absent or expired. */
export type StoredData = string | number | boolean | object | Uint8Array | null;

export function toBytes(value: Uint8Array | string): Uint8Array {
  return typeof value === "string" ? new TextEncoder().encode(value) : value;
}
