/**
 * A text as it reads once decoded: JSON escapes undone (`\"`, `\u00e9`), percent-escapes undone
 * (UTF-8, either hex case; with `+` for a space, as forms write it), up to three layers in any
 * order. Each character of a view knows the span of the original text it came from, so what is
 * found in a view can be replaced in the original, in its encoded form (./redact). Lenient: what
 * is not a valid escape is read as it is. Pure and web-standard.
 */

/** A text as read after some decoding: for each character, the span of the original it came from. */
export interface View {
  text: string;
  /** Absent for the original text itself (each character is its own span). */
  from?: Int32Array;
  to?: Int32Array;
}

/** At `at`: the decoded characters and how many were read, or undefined when nothing is encoded there. */
type Decoder = (text: string, at: number) => [decoded: string, consumed: number] | undefined;

const SHORT_ESCAPES = new Map([
  ['"', '"'],
  ["\\", "\\"],
  ["/", "/"],
  ["b", "\b"],
  ["f", "\f"],
  ["n", "\n"],
  ["r", "\r"],
  ["t", "\t"],
]);

const jsonEscape: Decoder = (text, at) => {
  if (text[at] !== "\\" || at + 1 >= text.length) return undefined;
  const short = SHORT_ESCAPES.get(text[at + 1]!);
  if (short !== undefined) return [short, 2];
  const hex = text.slice(at + 2, at + 6);
  return text[at + 1] === "u" && /^[0-9A-Fa-f]{4}$/.test(hex) ? [String.fromCharCode(parseInt(hex, 16)), 6] : undefined;
};

function hexByte(text: string, at: number): number {
  const hex = text.slice(at + 1, at + 3);
  return text[at] === "%" && /^[0-9A-Fa-f]{2}$/.test(hex) ? parseInt(hex, 16) : -1;
}

const UTF8_MIN = [0, 0, 0x80, 0x800, 0x10000];

/** `%XX` sequences forming one UTF-8 character (either hex case); with `plusIsSpace`, form encoding. */
function percentEscape(plusIsSpace: boolean): Decoder {
  return (text, at) => {
    if (plusIsSpace && text[at] === "+") return [" ", 1];
    const first = hexByte(text, at);
    if (first < 0) return undefined;
    const length = first < 0x80 ? 1 : first >= 0xc2 && first <= 0xdf ? 2 : first >= 0xe0 && first <= 0xef ? 3 : first >= 0xf0 && first <= 0xf4 ? 4 : 0;
    if (length === 0) return undefined;
    let codePoint = length === 1 ? first : first & (0xff >> (length + 1));
    for (let i = 1; i < length; i++) {
      const byte = hexByte(text, at + 3 * i);
      if (byte < 0x80 || byte > 0xbf) return undefined;
      codePoint = (codePoint << 6) | (byte & 0x3f);
    }
    if (codePoint < UTF8_MIN[length]! || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return undefined;
    return [String.fromCodePoint(codePoint), 3 * length];
  };
}

/** Each decoder, where it may find something, and whether a text needs it at all. */
const DECODERS: ReadonlyArray<{ applies: RegExp; candidates: RegExp; decode: Decoder }> = [
  { applies: /\\/, candidates: /\\/g, decode: jsonEscape },
  { applies: /%[0-9A-Fa-f]{2}/, candidates: /%/g, decode: percentEscape(false) },
  // Only differs from the one above where there is a `+`.
  { applies: /\+/, candidates: /[%+]/g, decode: percentEscape(true) },
];
/** JSON inside JSON inside a URL, and the like. */
const MAX_LAYERS = 3;

/** `view` with what `decode` finds at the characters `candidates` points at decoded; undefined when nothing is. */
function decodeView(view: View, decode: Decoder, candidates: RegExp): View | undefined {
  const { text } = view;
  // Decoding never lengthens a text: at most one UTF-16 unit per character read.
  const sourceFrom = view.from ?? identitySpans(text.length, 0);
  const sourceTo = view.to ?? identitySpans(text.length, 1);
  const from = new Int32Array(text.length);
  const to = new Int32Array(text.length);
  const parts: string[] = [];
  let length = 0;
  let copied = 0;
  candidates.lastIndex = 0;
  for (let match = candidates.exec(text); match !== null; match = candidates.exec(text)) {
    const at = match.index;
    if (at < copied) continue;
    const found = decode(text, at);
    if (found === undefined) continue;
    const [decoded, consumed] = found;
    parts.push(text.slice(copied, at), decoded);
    from.set(sourceFrom.subarray(copied, at), length);
    to.set(sourceTo.subarray(copied, at), length);
    length += at - copied;
    from.fill(sourceFrom[at]!, length, length + decoded.length);
    to.fill(sourceTo[at + consumed - 1]!, length, length + decoded.length);
    length += decoded.length;
    copied = at + consumed;
  }
  if (parts.length === 0) return undefined;
  parts.push(text.slice(copied));
  from.set(sourceFrom.subarray(copied), length);
  to.set(sourceTo.subarray(copied), length);
  length += text.length - copied;
  return { text: parts.join(""), from: from.subarray(0, length), to: to.subarray(0, length) };
}

/** The spans of the original text itself: `[i, i + 1)` for each character. */
function identitySpans(length: number, offset: number): Int32Array {
  const spans = new Int32Array(length);
  for (let i = 0; i < length; i++) spans[i] = i + offset;
  return spans;
}

/** The text itself, then each distinct view up to MAX_LAYERS decodings deep. */
export function viewsOf(text: string): View[] {
  const views: View[] = [{ text }];
  const seen = new Set([text]);
  let layer = views;
  for (let depth = 0; depth < MAX_LAYERS && layer.length > 0; depth++) {
    const next: View[] = [];
    for (const view of layer) {
      for (const { applies, candidates, decode } of DECODERS) {
        if (!applies.test(view.text)) continue;
        const decoded = decodeView(view, decode, candidates);
        if (decoded === undefined || seen.has(decoded.text)) continue;
        seen.add(decoded.text);
        next.push(decoded);
      }
    }
    views.push(...next);
    layer = next;
  }
  return views;
}
