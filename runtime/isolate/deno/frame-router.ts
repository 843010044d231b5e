/**
 * The Deno host process's frame router (a Worker with no permissions; stdio needs none): reads
 * frames from the Node runtime on stdin and hands each to its logic worker's MessagePort, and
 * writes what the logic workers send to stdout, each frame stamped with its sender. Control
 * frames (target 0) go to the main thread, which starts and stops the workers.
 */
import { decodeFrame, encodeFrame, FrameReader, frameTarget, setFrameTarget } from "../wire";
import type { DenoControl, DenoEvent } from "../protocol";

interface DenoStdio {
  stdin: { read(buffer: Uint8Array): Promise<number | null> };
  stdout: { writeSync(bytes: Uint8Array): number };
}
const deno = (globalThis as unknown as { Deno: DenoStdio }).Deno;
const scope = globalThis as unknown as {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
};

type FromMain = { t: "attach"; w: number; port: MessagePort } | { t: "exit"; w: number; error: string };

/** What one read from stdin takes at most: into the same buffer every time, so reading makes no garbage. */
const READ_BYTES = 256 * 1024;
/** Frames at least this large are freed as soon as they are written, not when a collection runs. */
const RELEASE_BYTES = 64 * 1024;
const detachBuffer = (ArrayBuffer.prototype as { transfer?: (this: ArrayBuffer, length: number) => ArrayBuffer }).transfer;

const ports = new Map<number, MessagePort>();
/** Frames for workers being started, delivered once their port is attached. */
const waiting = new Map<number, Uint8Array[]>();

/**
 * Synchronous: frames leave whole and in order, and this thread does nothing else; an
 * asynchronous write added milliseconds to every operation.
 */
function write(frame: Uint8Array): void {
  let offset = 0;
  while (offset < frame.byteLength) offset += deno.stdout.writeSync(frame.subarray(offset));
}

function event(message: DenoEvent): void {
  write(encodeFrame(0, message));
}

function deliver(w: number, frame: Uint8Array): void {
  const port = ports.get(w);
  if (port) port.postMessage(frame, [frame.buffer]);
  else waiting.get(w)?.push(frame);
}

function forget(w: number): void {
  ports.get(w)?.close();
  ports.delete(w);
  waiting.delete(w);
}

scope.onmessage = (message: MessageEvent<FromMain>) => {
  const { data } = message;
  if (data.t === "exit") {
    forget(data.w);
    event({ t: "exit", w: data.w, error: data.error });
    return;
  }
  const { w, port } = data;
  ports.set(w, port);
  // A frame, or a frame whose buffer the worker wants back (a chunk of a stream: ../logic-bootstrap).
  port.onmessage = (from: MessageEvent<Uint8Array | { recycle: Uint8Array }>) => {
    const data = from.data;
    const recycle = !(data instanceof Uint8Array);
    const frame = recycle ? data?.recycle : data;
    if (!(frame instanceof Uint8Array) || frame.byteLength < 16) return;
    // A worker speaks for itself only, whatever target its frame names.
    setFrameTarget(frame, w);
    write(frame);
    const buffer = frame.buffer as ArrayBuffer;
    if (recycle) port.postMessage({ recycled: buffer }, [buffer]);
    else if (frame.byteLength >= RELEASE_BYTES) {
      try {
        detachBuffer?.call(buffer, 0);
      } catch {
        // the collector frees it
      }
    }
  };
  for (const frame of waiting.get(w) ?? []) port.postMessage(frame, [frame.buffer]);
  waiting.delete(w);
};

function control(message: DenoControl): void {
  switch (message.t) {
    case "setup":
      scope.postMessage({ t: "setup", bootstrap: message.bootstrap });
      // The main thread takes messages in order: any spawn after this finds the bootstrap.
      event({ t: "ready" });
      return;
    case "spawn":
      waiting.set(message.w, []);
      scope.postMessage({ t: "spawn", w: message.w });
      return;
    case "kill":
      forget(message.w);
      scope.postMessage({ t: "kill", w: message.w });
  }
}

const reader = new FrameReader();
const input = new Uint8Array(READ_BYTES);
try {
  for (;;) {
    const read = await deno.stdin.read(input);
    if (read === null) break;
    // Each frame is a buffer of its own (handed to its worker); `input` is only read from.
    for (const frame of reader.push(input.subarray(0, read))) {
      const target = frameTarget(frame);
      if (target === 0) control(decodeFrame(frame).value as DenoControl);
      else deliver(target, frame);
    }
  }
} finally {
  // End of input, a reset, or a stream that cannot be read: the Node runtime is gone either way.
  scope.postMessage({ t: "eof" });
}
