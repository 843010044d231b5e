/**
 * The Deno host process: runs in Deno with NO permissions at all (no env, files, network or
 * subprocesses) and owns one Worker per logic run, each with `permissions: "none"`. It only moves
 * frames: from the Node runtime (stdin) to a logic worker, and from the workers to the Node
 * runtime (stdout). Frames for target 0 are its own control messages.
 */
import { decodeFrame, encodeFrame, FrameReader, frameTarget, setFrameTarget } from "../wire";
import type { DenoControl, DenoEvent } from "../protocol";

interface DenoHostApi {
  stdin: { readable: ReadableStream<Uint8Array> & AsyncIterable<Uint8Array> };
  stdout: { write(bytes: Uint8Array): Promise<number> };
}
const deno = (globalThis as unknown as { Deno: DenoHostApi }).Deno;

// Deno's Worker accepts permissions behind --unstable-worker-options; the DOM typings do not know it.
type DenoWorkerOptions = WorkerOptions & { deno: { permissions: "none" } };

const workers = new Map<number, Worker>();
let bootstrapUrl: string | undefined;
let writing: Promise<void> = Promise.resolve();

async function writeAll(bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.byteLength) offset += await deno.stdout.write(bytes.subarray(offset));
}

/** Frames leave in the order they were queued, each whole. */
function send(frame: Uint8Array): void {
  writing = writing.then(() => writeAll(frame));
}

function event(message: DenoEvent): void {
  send(encodeFrame(0, message));
}

function spawn(id: number): void {
  if (!bootstrapUrl || workers.has(id)) return;
  const worker = new Worker(bootstrapUrl, {
    type: "module",
    name: `logic-${id}`,
    deno: { permissions: "none" },
  } as DenoWorkerOptions);
  worker.onmessage = (message: MessageEvent<Uint8Array>) => {
    const frame = message.data;
    if (!(frame instanceof Uint8Array) || frame.byteLength < 16) return;
    // A worker speaks for itself only, whatever target its frame names.
    setFrameTarget(frame, id);
    send(frame);
  };
  const ended = (why: string) => {
    if (!workers.delete(id)) return;
    worker.terminate();
    event({ t: "exit", w: id, error: why });
  };
  worker.onerror = (error: ErrorEvent) => {
    error.preventDefault();
    ended(error.message || "the logic worker failed");
  };
  worker.onmessageerror = () => ended("the logic worker sent a message that cannot be read");
  workers.set(id, worker);
}

function control(message: DenoControl): void {
  switch (message.t) {
    case "setup":
      bootstrapUrl = URL.createObjectURL(new Blob([message.bootstrap], { type: "text/javascript" }));
      event({ t: "ready" });
      return;
    case "spawn":
      spawn(message.w);
      return;
    case "kill": {
      const worker = workers.get(message.w);
      workers.delete(message.w);
      worker?.terminate();
    }
  }
}

const reader = new FrameReader();
for await (const chunk of deno.stdin.readable) {
  for (const frame of reader.push(chunk)) {
    const target = frameTarget(frame);
    if (target === 0) {
      control(decodeFrame(frame).value as DenoControl);
      continue;
    }
    workers.get(target)?.postMessage(frame, [frame.buffer]);
  }
}
// The Node runtime closed our stdin: it is gone or closing us down.
for (const worker of workers.values()) worker.terminate();

