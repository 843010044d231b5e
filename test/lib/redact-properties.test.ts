/**
 * The logics' own redaction by property (on LOC nothing else redacts what a logic logs or returns):
 * a secret (client secret, issued token) in any encoding and nesting, and a token an error body
 * echoes under its key, never survive `redactSecrets` — also not when it runs over a whole JSON
 * text, as finalize-orders does with the result, which must stay valid JSON. (700 cases.)
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redactSecrets, stripUrlQueries } from "../../lib/redact";
import { survives, wrappedCredential, wrappedSecret } from "./redact-arbitraries";

const PLACEHOLDER = "[redacted]";

function stringsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, item]) => [key, ...stringsOf(item)]);
}

describe("redactSecrets, by property", () => {
  it("removes a known secret in every encoding and nesting, and is stable", () => {
    fc.assert(
      fc.property(wrappedSecret(3), ({ secret, encoded, text }) => {
        const once = redactSecrets(text, [secret]);
        expect(survives(once, secret, PLACEHOLDER)).toBe(false);
        expect(survives(once, encoded, PLACEHOLDER)).toBe(false);
        expect(redactSecrets(once, [secret])).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it("removes a token an error body echoes under its key or auth scheme, one it never issued too", () => {
    fc.assert(
      fc.property(wrappedCredential(3), ({ value, encodedValue, text }) => {
        const once = redactSecrets(text, []);
        expect(survives(once, value, PLACEHOLDER)).toBe(false);
        expect(survives(once, encodedValue, PLACEHOLDER)).toBe(false);
        expect(redactSecrets(once, [])).toBe(once);
      }),
      { numRuns: 200 },
    );
  });

  it("over a whole JSON text (the task result) keeps it valid JSON and leaves the secret in none of its strings", () => {
    fc.assert(
      // The result's own JSON is one more layer.
      fc.property(wrappedSecret(2), fc.jsonValue({ maxDepth: 2 }), ({ secret, encoded, text }, other) => {
        const result = { orders: [{ state: "failed", error: text }, other], error: { message: `failed: ${text}` } };
        const parsed: unknown = JSON.parse(stripUrlQueries(redactSecrets(JSON.stringify(result), [secret])));
        for (const string of stringsOf(parsed)) {
          expect(survives(string, secret, PLACEHOLDER)).toBe(false);
          expect(survives(string, encoded, PLACEHOLDER)).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });
});
