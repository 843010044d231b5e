/**
 * The `Deno` global of a LOC logic isolate: Deno core only (`Deno.core`), nothing of the Deno
 * CLI's namespace. Implemented by the local isolate's bootstrap (runtime/isolate), used by
 * Saffron; logic code may use `encode` / `decode` as the real SDK's tests do.
 */
import type { AsyncOpName, HostOps, SyncOpName } from "./host-ops";

export interface DenoCore {
  /** Every operation: the synchronous ones answer at once, the others return a promise. */
  ops: { [Name in SyncOpName]: (...args: Parameters<HostOps[Name]>) => ReturnType<HostOps[Name]> } & {
    [Name in AsyncOpName]: (...args: Parameters<HostOps[Name]>) => Promise<Awaited<ReturnType<HostOps[Name]>>>;
  };
  opAsync<Name extends AsyncOpName>(name: Name, ...args: Parameters<HostOps[Name]>): Promise<Awaited<ReturnType<HostOps[Name]>>>;
  /** UTF-8 encode. */
  encode(text: string): Uint8Array;
  /** UTF-8 decode. */
  decode(bytes: Uint8Array): string;
  /** Reads at most `buffer.byteLength` bytes of a resource into `buffer`; 0 at its end. */
  read(rid: number, buffer: Uint8Array): Promise<number>;
  close(rid: number): void;
  tryClose(rid: number): void;
}

declare global {
  // `var` makes it a property of globalThis, as Deno core defines it.
  // eslint-disable-next-line no-var
  var Deno: { core: DenoCore };
}
