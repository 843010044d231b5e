/**
 * The Deno host process's frame router (a Worker with no permissions; stdio needs none): reads
 * frames from the Node runtime on stdin and hands each to its logic worker's MessagePort, and
 * writes what the logic workers send to stdout, each frame stamped with its sender. Control
 * frames (target 0) go to the main thread, which starts and stops the workers.
 */
import { decodeFrame, encodeFrame, FrameReader, frameTarget, setFrameTarget } from "../wire";
import type { DenoControl, DenoEvent } from "../protocol";

interface DenoStdio {
  stdin: { readable: ReadableStream<Uint8Array> & AsyncIterable<Uint8Array> };
  stdout: { writeSync(bytes: Uint8Array): number };
}
const deno = (globalThis as unknown as { Deno: DenoStdio }).Deno;
const scope = globalThis as unknown as {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
};

type FromMain = { t: "attach"; w: number; port: MessagePort } | { t: "exit"; w: number; error: string };

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
  port.onmessage = (from: MessageEvent<Uint8Array>) => {
    const frame = from.data;
    if (!(frame instanceof Uint8Array) || frame.byteLength < 16) return;
    // A worker speaks for itself only, whatever target its frame names.
    setFrameTarget(frame, w);
    write(frame);
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
try {
  for await (const chunk of deno.stdin.readable) {
    for (const frame of reader.push(chunk)) {
      const target = frameTarget(frame);
      if (target === 0) control(decodeFrame(frame).value as DenoControl);
      else deliver(target, frame);
    }
  }
} finally {
  // End of input, a reset, or a stream that cannot be read: the Node runtime is gone either way.
  scope.postMessage({ t: "eof" });
}
