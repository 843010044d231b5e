/**
 * A value built on its first use, then kept. For zod schemas: a logic's bundle is evaluated afresh
 * for every run, and building a schema (the first one especially: it compiles much of zod) costs
 * milliseconds, so each logic builds only the schemas it parses with, when it first parses.
 */
export function lazy<T>(build: () => T): () => T {
  let built = false;
  let value: T;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value;
  };
}
