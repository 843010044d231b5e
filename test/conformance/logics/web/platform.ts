/**
 * The rest of the web platform LOC's isolate has — File, URLPattern, MessageChannel,
 * structuredClone, streams, AbortController, Headers, Request, Response — each exercised, and
 * the Node and browser globals LOC does not have, checked absent.
 */
import { SessionStorageAgent, type GenericContext, type RailwayError } from "@fstnetwork/loc-logic-sdk";

async function file() {
  const file = new File(["line 1\n", "line 2"], "orders.txt", { type: "text/plain", lastModified: 1_700_000_000_000 });
  return { name: file.name, size: file.size, type: file.type, lastModified: file.lastModified, text: await file.text(), isBlob: file instanceof Blob };
}

// LOC's isolate has URLPattern (Deno's URL extension; the real runtime's types declare it in
// lib.deno_url.d.ts); TypeScript's DOM lib and the SDK stand-in's types do not, so it is typed here.
declare const URLPattern: new (input: { pathname: string }) => {
  test(input: string): boolean;
  exec(input: string): { pathname: { groups: Record<string, string | undefined> } } | null;
};

function urlPattern() {
  const pattern = new URLPattern({ pathname: "/orders/:id/items/:item" });
  const match = pattern.exec("https://grafx.example/orders/42/items/7");
  return { matches: pattern.test("https://grafx.example/orders/42/items/7"), groups: match?.pathname.groups ?? null };
}

async function messageChannel() {
  const { port1, port2 } = new MessageChannel();
  const received = new Promise<unknown>((resolve) => {
    port2.onmessage = (event) => resolve(event.data);
  });
  port1.postMessage({ order: 7, at: new Date(0) });
  const data = (await received) as { order: number; at: Date };
  port1.close();
  port2.close();
  return { order: data.order, at: data.at instanceof Date ? data.at.toISOString() : null };
}

function cloned() {
  const original = { when: new Date(86_400_000), ids: new Set([1, 2]), byKey: new Map([["a", [1]]]), bytes: new Uint8Array([1, 2, 3]) };
  const copy = structuredClone(original);
  copy.byKey.get("a")?.push(2);
  return {
    when: copy.when.toISOString(),
    ids: [...copy.ids],
    copyA: copy.byKey.get("a"),
    originalA: original.byKey.get("a"),
    bytes: Array.from(copy.bytes),
    distinct: copy.bytes !== original.bytes,
  };
}

async function streams() {
  const source = new ReadableStream<string>({
    start(controller) {
      for (const chunk of ["order ", "seven ", "shipped"]) controller.enqueue(chunk);
      controller.close();
    },
  });
  const upper = new TransformStream<string, string>({ transform: (chunk, controller) => controller.enqueue(chunk.toUpperCase()) });
  const chunks: string[] = [];
  await source.pipeThrough(upper).pipeTo(new WritableStream({ write: (chunk) => void chunks.push(chunk) }));
  // Bytes to text and back: a Blob's byte stream decoded, then encoded again into a Response body.
  const decoded = new Blob(["streamed ", "bytes"]).stream().pipeThrough(new TextDecoderStream());
  const encoded = await new Response(decoded.pipeThrough(new TextEncoderStream())).text();
  return { chunks, encoded };
}

async function abort() {
  const controller = new AbortController();
  const aborted = new Promise<string>((resolve) => controller.signal.addEventListener("abort", () => resolve(String(controller.signal.reason))));
  controller.abort("stop the batch");
  return { aborted: controller.signal.aborted, reason: await aborted, timeoutSignal: typeof AbortSignal.timeout };
}

async function fetchTypes() {
  const headers = new Headers({ "Content-Type": "application/json" });
  headers.append("X-Order", "7");
  const request = new Request("/resource/1", { method: "PUT", headers, body: JSON.stringify({ qty: 2 }) });
  const response = new Response(JSON.stringify({ ok: true }), { status: 201, headers: { "x-answer": "yes" } });
  return {
    headers: [...headers],
    request: { url: request.url, method: request.method, contentType: request.headers.get("content-type"), body: await request.json() },
    response: { status: response.status, ok: response.ok, answer: response.headers.get("x-answer"), body: await response.json() },
  };
}

function absent() {
  const scope = globalThis as Record<string, unknown>;
  const names = ["process", "require", "Buffer", "global", "setImmediate", "fetch", "WebSocket", "Worker", "navigator", "postMessage"];
  return Object.fromEntries(names.map((name) => [name, typeof scope[name]]));
}

async function run(_ctx: GenericContext) {
  await SessionStorageAgent.putJson("platform", {
    file: await file(),
    urlPattern: urlPattern(),
    messageChannel: await messageChannel(),
    structuredClone: cloned(),
    streams: await streams(),
    abort: await abort(),
    fetchTypes: await fetchTypes(),
    absent: absent(),
  });
}

async function handleError(_ctx: GenericContext, error: RailwayError) {
  await SessionStorageAgent.putJson("platform", { railway: { name: error.name, message: error.message } });
}

Object.assign(globalThis, { run, handleError });
