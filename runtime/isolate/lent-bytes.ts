/**
 * Bytes an agent answers a logic with from a buffer it wants back: the isolates' writer (Node →
 * the Deno host's stdin) hands such bytes back once they were written out, so their buffer can
 * carry the next answer instead of becoming garbage (a response body's chunks: ./http-body).
 *
 * Bytes nobody writes to an isolate — an operation called directly, as tests do — are never
 * handed back: their holder keeps them, and the lender simply uses a fresh buffer next time.
 */

const lent = new WeakMap<Uint8Array, () => void>();

/** Marks `bytes` as lent: `giveBack` runs once they were written to an isolate (at most once). */
export function lend(bytes: Uint8Array, giveBack: () => void): Uint8Array {
  lent.set(bytes, giveBack);
  return bytes;
}

/** Called by the writer once `bytes` were written out: gives them back to their lender, if any. */
export function written(bytes: Uint8Array): void {
  const giveBack = lent.get(bytes);
  if (!giveBack) return;
  lent.delete(bytes);
  giveBack();
}

/** Whether `bytes` are lent (the writer then tells when it is done with them). */
export function isLent(bytes: Uint8Array): boolean {
  return lent.has(bytes);
}
