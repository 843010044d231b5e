/**
 * Generators for the redaction properties (lib and runtime): secrets with the characters that
 * encodings change, the encodings a secret travels in (nested), credential pairs as logs and
 * error bodies write them, and the text around them.
 */
import fc from "fast-check";

/** One encoding a text can travel in. */
interface Encoding {
  name: string;
  encode(text: string): string;
}

const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
const asciiJson = (upper: boolean) => (text: string) =>
  JSON.stringify(text)
    .slice(1, -1)
    .replace(/[^\x20-\x7e]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replace(/\\u([0-9a-f]{4})/g, (_escape, hex: string) => `\\u${upper ? hex.toUpperCase() : hex}`);

const ENCODINGS: readonly Encoding[] = [
  { name: "json", encode: (text) => JSON.stringify(text).slice(1, -1) },
  { name: "json-ascii", encode: asciiJson(false) },
  { name: "json-ascii-upper", encode: asciiJson(true) },
  { name: "url", encode: encodeURIComponent },
  { name: "url-lower-hex", encode: (text) => lowerHex(encodeURIComponent(text)) },
  // application/x-www-form-urlencoded: `+` for a space.
  { name: "form", encode: (text) => new URLSearchParams({ x: text }).toString().slice(2) },
  { name: "form-lower-hex", encode: (text) => lowerHex(new URLSearchParams({ x: text }).toString().slice(2)) },
];

/** Encodings applied one after the other (the first innermost); `[]` is the text as is. */
function encodingChain(maxLength: number): fc.Arbitrary<Encoding[]> {
  return fc.array(fc.constantFrom(...ENCODINGS), { maxLength });
}

function applyChain(chain: readonly Encoding[], text: string): string {
  return chain.reduce((encoded, encoding) => encoding.encode(encoded), text);
}

/** Printable characters, stressing the ones encodings change: quotes, backslashes, `+`, `%`, spaces, unicode. */
const secretChar = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('"', "\\", "+", "%", " ", "/", "'", "&", "=", ":", "{", "}", "[", "]", "<", "\n", "\t") },
  { weight: 4, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }) },
);

/** A literal secret (a client secret, a configured value): 8 to 40 characters of anything printable. */
const literalSecret: fc.Arbitrary<string> = fc
  .array(secretChar, { minLength: 8, maxLength: 40 })
  .map((chars) => chars.join(""))
  .filter((secret) => secret.length >= 8 && !/^\s|\s$/.test(secret));

/** A token as servers issue them (JWT, base64url, opaque): padding only at the end. */
const tokenValue: fc.Arbitrary<string> = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/"), minLength: 8, maxLength: 48 }),
    fc.constantFrom("", "=", "=="),
  )
  .map(([body, padding]) => body + padding)
  .filter((token) => /^[A-Za-z0-9]/.test(token));

const CREDENTIAL_KEYS = ["access_token", "refresh_token", "id_token", "client_secret", "token", "password", "api_key", "x-api-key", "authorization"];

/** A key in any letter case, as different servers spell it. */
const credentialKey = fc
  .tuple(fc.constantFrom(...CREDENTIAL_KEYS), fc.constantFrom("lower", "upper", "title"))
  .map(([key, style]) => (style === "upper" ? key.toUpperCase() : style === "title" ? key.replace(/(^|[-_])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase()) : key));

/** A credential as text writes it: JSON, query, header line, header tuple, object dump. */
const credentialPair: fc.Arbitrary<{ pair: string; value: string }> = fc
  .tuple(credentialKey, tokenValue, fc.integer({ min: 0, max: 7 }))
  .map(([key, value, form]) => {
    const pairs = [
      `"${key}":"${value}"`,
      `"${key}": "${value}"`,
      `${key}=${value}`,
      `${key}: ${value}`,
      `'${key}': '${value}'`,
      `["${key}","${value}"]`,
      `Authorization: Bearer ${value}`,
      `{"headers":[["authorization","Bearer ${value}"]],"${key}":"${value}"}`,
    ];
    return { pair: pairs[form]!, value };
  });

/** Text around a secret: words, punctuation and JSON, never ending in an escape character. */
const context: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789.,:;!?()-_<>"), maxLength: 12 }),
      fc.constantFrom("error: ", "GraFx answered 500: ", '{"a":1,', "}", "https://cdn.example/x?", "&", "[REDACTED] ", "[redacted]", "é", "✓"),
    ),
    { maxLength: 5 },
  )
  .map((parts) => parts.join(""));

/** How the encoded secret sits in the text: between words, or as a JSON string value (one more layer). */
function embed(encoded: string, before: string, after: string, asJson: boolean): string {
  const inline = `${before}${encoded}${after}`;
  return asJson ? JSON.stringify({ message: inline, status: 500 }) : inline;
}

/** Whether `form` is still in `text` outside the placeholders (where only the placeholder's own characters are). */
export function survives(text: string, form: string, placeholder: string): boolean {
  return form !== "" && text.split(placeholder).some((part) => part.includes(form));
}

/** A literal secret in at most `maxLayers` encodings in all (embedding it in a JSON value being one). */
export function wrappedSecret(maxLayers: number) {
  return fc
    .tuple(literalSecret, encodingChain(maxLayers), context, context, fc.boolean())
    .filter(([, chain, , , asJson]) => chain.length + (asJson ? 1 : 0) <= maxLayers)
    .map(([secret, chain, before, after, asJson]) => {
      const encoded = applyChain(chain, secret);
      return { secret, encoded, text: embed(encoded, before, after, asJson) };
    });
}

/** A credential pair (a token no one configured) in at most `maxLayers` encodings, the same way. */
export function wrappedCredential(maxLayers: number) {
  return fc
    .tuple(credentialPair, encodingChain(maxLayers - 1), context, context, fc.boolean())
    .filter(([, chain, , , asJson]) => chain.length + (asJson ? 1 : 0) <= maxLayers)
    .map(([{ pair, value }, chain, before, after, asJson]) => ({
      value,
      encodedValue: applyChain(chain, value),
      // A space apart: a word glued to a key makes another key (`xtoken=` is not `token=`).
      text: embed(applyChain(chain, pair), `${before} `, ` ${after}`, asJson),
    }));
}
