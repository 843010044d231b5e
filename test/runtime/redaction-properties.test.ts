/**
 * Redaction by property: whatever the secret and however it is wrapped — plain, JSON-escaped, JSON
 * inside JSON, percent- or form-encoded (either hex case), in a header or a header tuple, inside
 * more text or a JSON value — neither it nor its encoded form survives redactText / redactValue,
 * and redacting again changes nothing. (1,300 cases.)
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REDACTED, redactText, redactValue } from "../../runtime/redact";
import { survives, wrappedCredential, wrappedSecret } from "../lib/redact-arbitraries";

/** Every string in a JSON-like value, keys included. */
function stringsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, item]) => [key, ...stringsOf(item)]);
}

/** Up to three layers in all: JSON inside JSON inside a URL, and the like. */
const secretText = wrappedSecret(3);
const credentialText = wrappedCredential(3);

describe("redactText, by property", () => {
  it("removes a configured secret in every encoding and nesting, and is stable", () => {
    fc.assert(
      fc.property(secretText, ({ secret, encoded, text }) => {
        const once = redactText(text, [secret]);
        expect(survives(once, secret, REDACTED)).toBe(false);
        expect(survives(once, encoded, REDACTED)).toBe(false);
        expect(redactText(once, [secret])).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it("removes a token named by its key or auth scheme, however the pair is encoded, and is stable", () => {
    fc.assert(
      fc.property(credentialText, ({ value, encodedValue, text }) => {
        const once = redactText(text);
        expect(survives(once, value, REDACTED)).toBe(false);
        expect(survives(once, encodedValue, REDACTED)).toBe(false);
        expect(redactText(once)).toBe(once);
      }),
      { numRuns: 400 },
    );
  });

  it("changes nothing the second time, whatever the text and the secrets", () => {
    const anyText = fc.oneof(fc.string({ unit: "grapheme", maxLength: 80 }), fc.string({ unit: "binary", maxLength: 80 }), secretText.map(({ text }) => text));
    fc.assert(
      fc.property(anyText, fc.array(fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }), { maxLength: 3 }), (text, secrets) => {
        const once = redactText(text, secrets);
        expect(redactText(once, secrets)).toBe(once);
      }),
      { numRuns: 200 },
    );
  });
});

describe("redactValue, by property", () => {
  it("removes the secret from every string and key of a JSON value, leaves the input alone, and is stable", () => {
    fc.assert(
      fc.property(secretText, fc.jsonValue({ maxDepth: 2 }), credentialText, ({ secret, encoded, text }, other, credential) => {
        const value = { before: other, list: [other, text], nested: { [text]: { note: credential.text } } };
        const copy = structuredClone(value);
        const redacted = redactValue(value, [secret]);
        for (const string of stringsOf(redacted)) {
          for (const form of [secret, encoded, credential.value, credential.encodedValue]) expect(survives(string, form, REDACTED)).toBe(false);
        }
        expect(value).toEqual(copy);
        expect(redactValue(redacted, [secret])).toEqual(redacted);
      }),
      { numRuns: 200 },
    );
  });
});
