/**
 * The boundary between the worker (host realm) and a logic's vm context (sandbox realm).
 *
 * A vm context has its own intrinsics: a host `Uint8Array` fails `instanceof Uint8Array` inside
 * it, and a host `Error` fails `instanceof Error` (so the SDK's railway would turn it into a
 * `CustomError`). So the `Deno.core` shim is created *inside* the context, by evaluating
 * BRIDGE_SOURCE there: it copies every value an operation returns into sandbox objects and turns
 * every failure into a sandbox error carrying only name and message (never a host stack).
 *
 * Bytes are copied too, although a fresh buffer wholly covered by its view could safely be
 * viewed from the sandbox instead: on a 128 MiB download the copy (an allocation in this isolate)
 * lets V8 free the chunks the logic is done with at its next young-generation GC, while adopted
 * buffers, transferred in from the host thread, piled up until a full GC (peak RSS +0.35× the
 * file, measured). The copy costs ~1 ms per 4 MiB.
 */
import vm from "node:vm";

/** What the worker hands the in-context installer. */
export interface HostBridge {
  /** A synchronous operation's outcome. */
  callSync(name: string, args: unknown[]): { ok: true; value: unknown } | { ok: false; error: { name: string; message: string } };
  /** An asynchronous operation; rejects with `{ name, message }`. */
  callAsync(name: string, args: unknown[]): Promise<unknown>;
  opNames: readonly string[];
  syncOpNames: readonly string[];
  textEncoder: TextEncoder;
  structuredClone: typeof structuredClone;
}

/** What the installer gives back, all made in the sandbox realm. */
export interface SandboxBridge {
  Deno: unknown;
  TextEncoder: unknown;
  structuredClone: unknown;
  toSandboxError(error: { name: string; message: string }): unknown;
}

// Plain JavaScript, evaluated in the context: every object literal, array, class and error
// below belongs to the sandbox realm.
const BRIDGE_SOURCE = String.raw`(function installBridge(host) {
  "use strict";
  const ERRORS = { Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError };
  const tagOf = (value) => Object.prototype.toString.call(value).slice(8, -1);

  function toSandboxError(record) {
    const name = record && typeof record.name === "string" ? record.name : "Error";
    const message = record && typeof record.message === "string" ? record.message : String(record);
    const error = new (ERRORS[name] || Error)(message);
    if (error.name !== name) Object.defineProperty(error, "name", { value: name, writable: true, configurable: true });
    return error;
  }

  function copyBytes(view) {
    const copy = new Uint8Array(view.byteLength);
    copy.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
    return copy;
  }

  function toSandbox(value) {
    if (value === null || typeof value !== "object") return value;
    const tag = tagOf(value);
    switch (tag) {
      case "Uint8Array": return copyBytes(value);
      case "ArrayBuffer": return copyBytes(new Uint8Array(value)).buffer;
      case "Array": { const out = []; for (const item of value) out.push(toSandbox(item)); return out; }
      case "Date": return new Date(value.getTime());
      case "RegExp": return new RegExp(value.source, value.flags);
      case "Map": { const out = new Map(); for (const [k, v] of value) out.set(toSandbox(k), toSandbox(v)); return out; }
      case "Set": { const out = new Set(); for (const v of value) out.add(toSandbox(v)); return out; }
      case "Error": return toSandboxError(value);
      default: {
        if (ArrayBuffer.isView(value) && typeof globalThis[tag] === "function") {
          const bytes = copyBytes(value);
          return new globalThis[tag](bytes.buffer, 0, value.length);
        }
        const out = {};
        for (const key of Object.keys(value)) out[key] = toSandbox(value[key]);
        return out;
      }
    }
  }

  function opAsync(name, ...args) {
    return new Promise((resolve, reject) => {
      let pending;
      try {
        pending = host.callAsync(String(name), args);
      } catch (error) {
        reject(toSandboxError(error));
        return;
      }
      pending.then((value) => resolve(toSandbox(value)), (error) => reject(toSandboxError(error)));
    });
  }

  const syncOps = new Set(host.syncOpNames);
  const ops = {};
  for (const name of host.opNames) {
    ops[name] = syncOps.has(name)
      ? function (...args) {
          const outcome = host.callSync(name, args);
          if (!outcome.ok) throw toSandboxError(outcome.error);
          return toSandbox(outcome.value);
        }
      : (...args) => opAsync(name, ...args);
  }

  const encoder = host.textEncoder;
  class TextEncoder {
    get encoding() { return "utf-8"; }
    encode(input = "") { return toSandbox(encoder.encode(String(input))); }
    encodeInto(source, destination) { return toSandbox(encoder.encodeInto(String(source), destination)); }
  }

  const hostClone = host.structuredClone;
  function structuredClone(value, options) {
    try {
      return toSandbox(hostClone(value, options));
    } catch (error) {
      throw toSandboxError(error);
    }
  }

  const decoder = new host.TextDecoderClass();
  const core = Object.freeze({
    ops: Object.freeze(ops),
    opAsync,
    encode: (text) => toSandbox(encoder.encode(String(text))),
    decode: (bytes) => decoder.decode(bytes),
  });
  return { Deno: Object.freeze({ core }), TextEncoder, structuredClone, toSandboxError };
})`;

const bridgeScript = new vm.Script(BRIDGE_SOURCE, { filename: "loc-sandbox-bridge.js" });

/** Installs nothing on the global by itself; returns the sandbox-realm objects to expose. */
export function createSandboxBridge(context: vm.Context, host: HostBridge): SandboxBridge {
  const install = bridgeScript.runInContext(context) as (host: HostBridge & { TextDecoderClass: typeof TextDecoder }) => SandboxBridge;
  return install({ ...host, TextDecoderClass: TextDecoder });
}

/**
 * Built-ins whose `instanceof` also accepts the host realm's instances. Web APIs come from the
 * host (`new URL("bad")` throws a host TypeError, `response.json()` gives host objects): with
 * this, `error instanceof Error` and `bytes instanceof Uint8Array` hold inside the logic as on LOC.
 */
const REALM_TOLERANT = [
  "Object",
  "Array",
  "Error",
  "TypeError",
  "RangeError",
  "SyntaxError",
  "ReferenceError",
  "EvalError",
  "URIError",
  "AggregateError",
  "ArrayBuffer",
  "Uint8Array",
  "DataView",
  "Date",
  "RegExp",
  "Map",
  "Set",
  "Promise",
] as const;

export function makeInstanceofRealmTolerant(context: vm.Context): void {
  const ordinaryHasInstance = Function.prototype[Symbol.hasInstance];
  for (const name of REALM_TOLERANT) {
    const sandboxConstructor = vm.runInContext(name, context) as (...args: unknown[]) => unknown;
    const hostConstructor = (globalThis as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
    Object.defineProperty(sandboxConstructor, Symbol.hasInstance, {
      // `this` is a subclass when the check is `x instanceof MyError`: only the built-in itself
      // also accepts the host realm's instances.
      value: function hasInstance(this: unknown, value: unknown): boolean {
        if (ordinaryHasInstance.call(this, value)) return true;
        return this === sandboxConstructor && value instanceof hostConstructor;
      },
    });
  }
}
