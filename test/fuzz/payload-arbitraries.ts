/**
 * Payloads as a careless user or an attacker sends them to any trigger (API route body, Kafka record
 * value, manual payload file): order batches with wrong fields, wrong shapes, huge numbers, odd
 * unicode and control bytes, malformed JSON, bytes that are not UTF-8, bodies near the size limit.
 */
import fc from "fast-check";

/** Text that breaks naive code: control and escape bytes, path tricks, lone surrogates, long runs. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "\u001b[2J",
    "\u001b]0;title\u0007",
    "\u0000",
    "\u009b31m",
    "\u007f",
    "\r\n",
    "../../etc/passwd",
    ".loc-tmp-victim",
    "%2e%2e%2f",
    "\u202eevil",
    "\ud800",
    "😀",
    "a".repeat(300),
    " ",
    "",
    "__proto__",
    "constructor",
    "toString",
  ),
  fc.string({ unit: "binary", maxLength: 24 }),
  fc.string({ unit: "grapheme", maxLength: 12 }),
);

/** Numbers JSON can carry that a schema may not expect. */
const oddNumber = fc.oneof(
  fc.constantFrom(Number.MAX_VALUE, -Number.MAX_VALUE, Number.MAX_SAFE_INTEGER + 2, 1e-320, 0, -1),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

const guid = fc.uuid();
const validEnvironment = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,20}$/);

const taskId = fc.oneof(
  { arbitrary: guid, weight: 5 },
  { arbitrary: guid.map((id) => id.toUpperCase()), weight: 1 },
  { arbitrary: hostileText, weight: 2 },
  { arbitrary: oddNumber, weight: 1 },
  { arbitrary: fc.constantFrom(null, true, [], {}), weight: 1 },
);

const orderId = fc.oneof(
  { arbitrary: fc.stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,20}$/), weight: 4 },
  { arbitrary: fc.constantFrom(".", "..", ".hidden", "x".repeat(65), "a/b", "a\\b", "CON", "flyer 1"), weight: 2 },
  { arbitrary: hostileText, weight: 2 },
  { arbitrary: oddNumber, weight: 1 },
);

const format = fc.oneof(
  { arbitrary: fc.constantFrom("pdf", "png", "jpg", "gif", "mp4", "zip"), weight: 4 },
  { arbitrary: fc.constantFrom("PDF", "exe", "", "pdf ", "jpeg"), weight: 1 },
  { arbitrary: hostileText, weight: 1 },
  { arbitrary: oddNumber, weight: 1 },
);

/** Keys a typo or an attacker adds next to the known ones. */
const extraFields = fc.dictionary(fc.oneof(fc.constantFrom("taskID", "orderID", "Format", "id", "order", "Orders"), hostileText), fc.jsonValue({ maxDepth: 1 }), {
  maxKeys: 2,
});

const order = fc.oneof(
  { arbitrary: fc.record({ taskId, orderId, format }, { requiredKeys: ["taskId"] }), weight: 6 },
  { arbitrary: fc.tuple(fc.record({ taskId, orderId, format }, { requiredKeys: [] }), extraFields).map(([known, extra]) => ({ ...extra, ...known })), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
);

const batch = fc.tuple(
  fc.record(
    {
      orders: fc.oneof({ arbitrary: fc.array(order, { maxLength: 6 }), weight: 8 }, { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 }),
      environment: fc.oneof({ arbitrary: validEnvironment, weight: 3 }, { arbitrary: hostileText, weight: 1 }, { arbitrary: oddNumber, weight: 1 }),
    },
    { requiredKeys: [] },
  ),
  fc.option(extraFields, { freq: 6 }),
).map(([known, extra]) => ({ ...(extra ?? {}), ...known }));

/** A payload as a JSON value: mostly order batches, some anything-JSON. */
export const payloadValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: batch, weight: 7 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 },
  { arbitrary: fc.constantFrom({}, [], null, "", 0, { orders: [] }, { orders: null }, { environment: "x" }), weight: 1 },
);

/** Texts no generator reaches by chance: number and nesting extremes, duplicate keys, BOM. */
const SPECIAL_TEXTS = [
  "",
  "   \n\t",
  "\ufeff{}",
  "{}",
  "null",
  "1e999",
  '{"orders":[{"taskId":1e999}]}',
  '{"orders":123456789012345678901234567890123456789}',
  `{"orders":[{"taskId":${"9".repeat(5_000)}}]}`,
  "[".repeat(5_000),
  `{"orders":${"[".repeat(3_000)}${"]".repeat(3_000)}}`,
  '{"orders":[{"taskId":"\\u0000\\u001b[2J"}]}',
  '{"orders":[],"orders":[{"taskId":"x"}]}',
  '{"__proto__":{"orders":[]},"orders":[]}',
  `"${"a".repeat(10_000)}"`,
  '{"orders":[{"taskId":"3f74e586-2494-43fb-87ed-8697a629aa02","taskId":"nope"}]}',
];

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A JSON text with one edit: a byte deleted, inserted or replaced, or cut short. */
const mutatedJson = fc
  .tuple(payloadValue, fc.nat(), fc.constantFrom("delete", "insert", "truncate", "replace"), fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 3 }))
  .map(([value, at, edit, text]) => {
    const json = JSON.stringify(value) ?? "null";
    const cut = at % (json.length + 1);
    if (edit === "delete") return json.slice(0, cut) + json.slice(cut + 1);
    if (edit === "insert") return json.slice(0, cut) + text + json.slice(cut);
    if (edit === "truncate") return json.slice(0, cut);
    return json.slice(0, cut) + text + json.slice(cut + text.length);
  });

/** Bytes that are not UTF-8, inside an otherwise good batch. */
const notUtf8 = fc.uint8Array({ minLength: 1, maxLength: 8 }).map((bytes) => {
  const invalid = Uint8Array.from([0xff, 0xc0, 0x80, 0xed, 0xa0, 0x80, ...bytes]);
  const [head, tail] = ['{"orders":[{"taskId":"', '"}]}'].map(utf8);
  return Uint8Array.from([...head!, ...invalid, ...tail!]);
});

export interface BodyOptions {
  /** Also bodies just under and just over this many bytes (the API route's limit). */
  limitBytes?: number;
  maxRawBytes?: number;
}

/** A body (API route), record value (Kafka) or payload file (manual), as bytes. */
export function payloadBytes({ limitBytes, maxRawBytes = 256 }: BodyOptions = {}): fc.Arbitrary<Uint8Array> {
  const arbitraries: Array<fc.WeightedArbitrary<Uint8Array>> = [
    { arbitrary: payloadValue.map((value) => utf8(JSON.stringify(value) ?? "null")), weight: 60 },
    { arbitrary: mutatedJson.map(utf8), weight: 20 },
    { arbitrary: fc.uint8Array({ maxLength: maxRawBytes }), weight: 8 },
    { arbitrary: fc.constantFrom(...SPECIAL_TEXTS).map(utf8), weight: 8 },
    { arbitrary: notUtf8, weight: 3 },
  ];
  if (limitBytes !== undefined) {
    const sized = fc.constantFrom(limitBytes - 2, limitBytes, limitBytes + 1).map((size) => utf8(`${" ".repeat(Math.max(0, size - 2))}{}`));
    arbitraries.push({ arbitrary: sized, weight: 1 });
  }
  return fc.oneof(...arbitraries);
}

/** How a body looks in an example line: short, printable. */
export function describeBytes(bytes: Uint8Array, max = 160): string {
  const text = JSON.stringify(new TextDecoder().decode(bytes.subarray(0, max)));
  return bytes.length > max ? `${text}… (${bytes.length} bytes)` : text;
}
