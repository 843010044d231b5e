/**
 * The globals a LOC logic isolate has: the JavaScript built-ins, Deno core's web extensions, and
 * what the runtime adds (`Deno` with `core` only, `Saffron`). Everything else a Deno worker
 * offers — `process`, `Buffer`, `global`, `setImmediate`, `fetch`, `WebSocket`, `Worker`,
 * `BroadcastChannel`, `caches`, `navigator`, `crypto`, `postMessage`… — is removed before a
 * logic runs: LOC does not have them.
 */
const JAVASCRIPT_BUILT_INS = [
  "globalThis", "Infinity", "NaN", "undefined", "eval", "isFinite", "isNaN", "parseFloat", "parseInt",
  "decodeURI", "decodeURIComponent", "encodeURI", "encodeURIComponent", "escape", "unescape",
  "Object", "Function", "Array", "Number", "Boolean", "String", "Symbol", "BigInt", "Date", "RegExp", "Promise",
  "Error", "AggregateError", "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError",
  "SuppressedError", "JSON", "Math", "Intl", "Reflect", "Proxy", "Atomics", "WebAssembly", "Iterator",
  "ArrayBuffer", "SharedArrayBuffer", "DataView", "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array",
  "Uint16Array", "Int32Array", "Uint32Array", "Float16Array", "Float32Array", "Float64Array", "BigInt64Array",
  "BigUint64Array", "Map", "Set", "WeakMap", "WeakSet", "WeakRef", "FinalizationRegistry",
  "DisposableStack", "AsyncDisposableStack",
];

/** Deno core's web extensions as LOC ships them (SDK reference, the SDK's own test logics). */
const LOC_WEB_GLOBALS = [
  "console", "setTimeout", "clearTimeout", "setInterval", "clearInterval", "queueMicrotask", "structuredClone",
  "atob", "btoa", "URL", "URLSearchParams", "URLPattern", "TextEncoder", "TextDecoder", "TextEncoderStream",
  "TextDecoderStream", "Blob", "File", "FileReader", "ReadableStream", "ReadableStreamDefaultReader",
  "ReadableStreamBYOBReader", "ReadableStreamBYOBRequest", "ReadableByteStreamController",
  "ReadableStreamDefaultController", "WritableStream", "WritableStreamDefaultWriter",
  "WritableStreamDefaultController", "TransformStream", "TransformStreamDefaultController",
  "ByteLengthQueuingStrategy", "CountQueuingStrategy", "CompressionStream", "DecompressionStream",
  "AbortController", "AbortSignal", "Event", "EventTarget", "CustomEvent", "ErrorEvent", "ProgressEvent",
  "MessageChannel", "MessagePort", "MessageEvent", "DOMException", "Headers", "Request", "Response", "FormData",
  "performance", "Performance", "PerformanceEntry", "PerformanceMark", "PerformanceMeasure",
];

export const LOC_GLOBALS: ReadonlySet<string> = new Set([...JAVASCRIPT_BUILT_INS, ...LOC_WEB_GLOBALS, "Deno", "Saffron"]);
