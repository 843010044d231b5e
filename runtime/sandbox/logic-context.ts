/**
 * One logic's vm context: the JavaScript built-ins, web-standard globals, timers and console
 * tied to the logic, and `Deno.core` — nothing of Node. `process`, `require`, `Buffer`,
 * `module`, `__dirname`, `global` simply do not exist (see ./missing-globals for the message).
 *
 * Not a security boundary (vm never is): it catches logic code that would not run on LOC.
 */
import { format } from "node:util";
import vm from "node:vm";
import type { LogLevel } from "../../sdk/src/host/ops";
import { createSandboxBridge, makeInstanceofRealmTolerant, type HostBridge } from "./realm-bridge";

/** Web-standard globals shared with the host as they are (they hold no Node capability). */
const WEB_GLOBALS = [
  "URL",
  "URLSearchParams",
  "TextDecoder",
  "atob",
  "btoa",
  "Headers",
  "Request",
  "Response",
  "FormData",
  "Blob",
  "ReadableStream",
  "ReadableStreamDefaultReader",
  "ReadableStreamBYOBReader",
  "ReadableByteStreamController",
  "ReadableStreamDefaultController",
  "WritableStream",
  "WritableStreamDefaultWriter",
  "TransformStream",
  "TextEncoderStream",
  "TextDecoderStream",
  "CompressionStream",
  "DecompressionStream",
  "ByteLengthQueuingStrategy",
  "CountQueuingStrategy",
  "AbortController",
  "AbortSignal",
  "Event",
  "EventTarget",
  "DOMException",
] as const;

export interface LogicContextHost extends Omit<HostBridge, "textEncoder" | "structuredClone"> {
  log(level: LogLevel, message: string): void;
  /** An error nobody caught: thrown by a timer callback or a microtask. */
  uncaught(where: string, error: unknown): void;
}

export interface LogicContext {
  context: vm.Context;
  /** Clears the logic's timers; called when the logic is done. */
  dispose(): void;
}

type Callback = (...args: unknown[]) => unknown;

/** Web-style timers (numeric ids) owned by one logic, cleared with it. */
class LogicTimers {
  private nextId = 1;
  private readonly timers = new Map<number, NodeJS.Timeout>();

  constructor(private readonly onError: (where: string, error: unknown) => void) {}

  setTimeout = (callback: unknown, delay?: unknown, ...args: unknown[]): number => this.add(callback, delay, args, false);
  setInterval = (callback: unknown, delay?: unknown, ...args: unknown[]): number => this.add(callback, delay, args, true);
  clearTimeout = (id: unknown): void => this.clear(id);
  clearInterval = (id: unknown): void => this.clear(id);

  queueMicrotask = (callback: unknown): void => {
    const run = this.checked(callback);
    queueMicrotask(() => this.invoke(run, [], "a microtask"));
  };

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private add(callback: unknown, delay: unknown, args: unknown[], repeat: boolean): number {
    const run = this.checked(callback);
    const id = this.nextId++;
    const ms = Math.max(0, Number(delay) || 0);
    const fire = () => {
      if (!repeat) this.timers.delete(id);
      this.invoke(run, args, repeat ? "an interval callback" : "a timer callback");
    };
    this.timers.set(id, repeat ? setInterval(fire, ms) : setTimeout(fire, ms));
    return id;
  }

  private clear(id: unknown): void {
    const timer = typeof id === "number" ? this.timers.get(id) : undefined;
    if (timer === undefined) return;
    clearTimeout(timer);
    this.timers.delete(id as number);
  }

  private checked(callback: unknown): Callback {
    if (typeof callback !== "function") throw new TypeError("the callback must be a function");
    return callback as Callback;
  }

  private invoke(callback: Callback, args: unknown[], where: string): void {
    try {
      const result = callback(...args);
      if (result instanceof Promise || (result !== null && typeof (result as Promise<unknown>)?.then === "function")) {
        (result as Promise<unknown>).then(undefined, (error: unknown) => this.onError(where, error));
      }
    } catch (error) {
      this.onError(where, error);
    }
  }
}

function consoleFor(log: LogicContextHost["log"]): Record<string, (...args: unknown[]) => void> {
  const at = (level: LogLevel) => (...args: unknown[]) => log(level, format(...args));
  return {
    log: at("info"),
    info: at("info"),
    debug: at("debug"),
    trace: at("trace"),
    warn: at("warn"),
    error: at("error"),
    dir: at("info"),
  };
}

export function createLogicContext(host: LogicContextHost): LogicContext {
  const context = vm.createContext({});
  const timers = new LogicTimers(host.uncaught);
  const bridge = createSandboxBridge(context, { ...host, textEncoder: new TextEncoder(), structuredClone });
  const globals: Record<string, unknown> = {
    Deno: bridge.Deno,
    TextEncoder: bridge.TextEncoder,
    structuredClone: bridge.structuredClone,
    console: consoleFor(host.log),
    setTimeout: timers.setTimeout,
    setInterval: timers.setInterval,
    clearTimeout: timers.clearTimeout,
    clearInterval: timers.clearInterval,
    queueMicrotask: timers.queueMicrotask,
  };
  for (const name of WEB_GLOBALS) globals[name] = (globalThis as Record<string, unknown>)[name];
  for (const [name, value] of Object.entries(globals)) {
    if (value === undefined) continue;
    Object.defineProperty(context, name, { value, writable: true, configurable: true, enumerable: false });
  }
  makeInstanceofRealmTolerant(context);
  return { context, dispose: () => timers.dispose() };
}
