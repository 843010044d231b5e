/**
 * Young-generation garbage collections in the Node process, paced by the bytes that cross to and
 * from the logic isolates.
 *
 * Every byte a logic downloads or writes passes through Node in short-lived buffers: the socket's
 * reads, a response body's read-ahead, the Deno host's output cut into frames. V8 frees buffers
 * only when it collects, and it collects when its JavaScript heap fills — which these buffers
 * hardly touch (their bytes live outside it) — or when ~30 MiB of them have piled up. So a 128 MiB
 * download left 20–40 MiB of dead buffers resident at any time. A young-generation collection
 * after every few MiB that crossed frees them while they are young (~0.5 ms each; a full
 * collection would cost tens of ms).
 *
 * V8's `gc` is not exposed without `--expose-gc`; it is taken once from a fresh VM context with
 * the flag set for that moment only (the documented way to set V8 flags at run time), so no other
 * context gets a `gc` global. Where that fails, collections are left to V8.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

type Collect = (options: { type: "minor" | "major" }) => void;

let collect: Collect | null | undefined;

function collector(): Collect | null {
  if (collect !== undefined) return collect;
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === "function") return (collect = exposed as Collect);
  try {
    setFlagsFromString("--expose-gc");
    const gc: unknown = runInNewContext("gc");
    collect = typeof gc === "function" ? (gc as Collect) : null;
  } catch {
    collect = null;
  } finally {
    setFlagsFromString("--no-expose-gc");
  }
  return collect;
}

/** Counts bytes; after every `everyBytes` of them, collects the young generation. */
export class YoungCollector {
  private bytes = 0;

  constructor(private readonly everyBytes: number) {}

  crossed(bytes: number): void {
    this.bytes += bytes;
    if (this.bytes < this.everyBytes) return;
    this.bytes = 0;
    collector()?.({ type: "minor" });
  }
}
