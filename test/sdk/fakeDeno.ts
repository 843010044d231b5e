/** A fake `globalThis.Deno` that records every host operation call and answers from handlers. */
import type { DenoGlobal } from "../../sdk/src/host/deno";
import type { HostOpName } from "../../sdk/src/host/ops";

export interface OpCall {
  name: HostOpName;
  args: unknown[];
  /** Called through `Deno.core.ops` (true) or `Deno.core.opAsync` (false). */
  sync: boolean;
}

/** A task as the host's op_fetch_task gives it (without the older aliases). */
export const task = {
  taskKey: { executionId: "exec-1", taskId: "task-1" },
  startTimestamp: "2025-01-01T00:00:00.000Z",
  dataProcess: { permanentIdentity: "dp-1", revision: 1, name: "orders" },
  executedLogics: [],
};

type Handler = (...args: never[]) => unknown;

export interface FakeDeno {
  calls: OpCall[];
  callsOf(name: HostOpName): unknown[][];
  restore(): void;
}

export function installFakeDeno(handlers: Partial<Record<HostOpName, Handler>> = {}): FakeDeno {
  const calls: OpCall[] = [];
  const call = (name: HostOpName, args: unknown[], sync: boolean) => {
    calls.push({ name, args, sync });
    return (handlers[name] as ((...args: unknown[]) => unknown) | undefined)?.(...args);
  };
  const ops = new Proxy({}, { get: (_target, name) => (...args: unknown[]) => call(name as HostOpName, args, true) });
  const fake = {
    core: {
      ops,
      opAsync: async (name: HostOpName, ...args: unknown[]) => call(name, args, false),
      encode: (text: string) => new TextEncoder().encode(text),
      decode: (bytes: Uint8Array) => new TextDecoder().decode(bytes),
    },
  } as unknown as DenoGlobal;
  const previous = globalThis.Deno;
  globalThis.Deno = fake;
  return {
    calls,
    callsOf: (name) => calls.filter((c) => c.name === name).map((c) => c.args),
    restore: () => {
      globalThis.Deno = previous;
    },
  };
}
