/**
 * The `Deno` global LOC provides to a logic (Deno core), typed against the host operations.
 * Synchronous operations are called through `Deno.core.ops[name](...)`, the others through
 * `Deno.core.opAsync(name, ...)`, as the real SDK does.
 */
import type { HostOpName, HostOps } from "./ops";

export interface DenoCore {
  ops: { [Name in HostOpName]: (...args: Parameters<HostOps[Name]>) => ReturnType<HostOps[Name]> };
  opAsync<Name extends HostOpName>(
    name: Name,
    ...args: Parameters<HostOps[Name]>
  ): Promise<Awaited<ReturnType<HostOps[Name]>>>;
  encode(text: string): Uint8Array;
  decode(bytes: Uint8Array): string;
}

export interface DenoGlobal {
  core: DenoCore;
}

declare global {
  // `var` is what makes it a property of globalThis, as Deno core defines it.
  var Deno: DenoGlobal;
}
