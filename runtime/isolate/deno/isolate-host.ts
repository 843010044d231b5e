/**
 * The Deno host process's main thread: runs in Deno with NO permissions at all (no env, files,
 * network or subprocesses) and only starts and stops Workers: the frame router (./frame-router),
 * and one logic worker per logic run, each with `permissions: "none"`. Starting a Worker blocks
 * the starting thread for tens of milliseconds, so the frames of running logics never pass here:
 * each logic worker gets a MessagePort to the router, which alone talks to the Node runtime.
 */
declare const LOC_ROUTER_SOURCE: string;

const deno = (globalThis as unknown as { Deno: { exit(code: number): never } }).Deno;

type FromRouter = { t: "setup"; bootstrap: string } | { t: "spawn"; w: number } | { t: "kill"; w: number } | { t: "eof" };

// Deno's Worker accepts permissions behind --unstable-worker-options; the DOM typings do not know it.
type DenoWorkerOptions = WorkerOptions & { deno: { permissions: "none" } };
const ISOLATED = (name: string): DenoWorkerOptions => ({ type: "module", name, deno: { permissions: "none" } });

const moduleUrl = (source: string) => URL.createObjectURL(new Blob([source], { type: "text/javascript" }));

const router = new Worker(moduleUrl(LOC_ROUTER_SOURCE), ISOLATED("loc-frame-router"));
const workers = new Map<number, Worker>();
let bootstrapUrl: string | undefined;

function spawn(w: number): void {
  if (!bootstrapUrl || workers.has(w)) return;
  const worker = new Worker(bootstrapUrl, ISOLATED(`logic-${w}`));
  const channel = new MessageChannel();
  const ended = (why: string) => {
    if (!workers.delete(w)) return;
    worker.terminate();
    router.postMessage({ t: "exit", w, error: why });
  };
  worker.onerror = (error: ErrorEvent) => {
    error.preventDefault();
    ended(error.message || "the logic worker failed");
  };
  worker.onmessageerror = () => ended("the logic worker sent a message that cannot be read");
  workers.set(w, worker);
  router.postMessage({ t: "attach", w, port: channel.port1 }, [channel.port1]);
  worker.postMessage(channel.port2, [channel.port2]);
}

router.onmessage = (event: MessageEvent<FromRouter>) => {
  const message = event.data;
  switch (message.t) {
    case "setup":
      bootstrapUrl = moduleUrl(message.bootstrap);
      return;
    case "spawn":
      spawn(message.w);
      return;
    case "kill":
      workers.get(message.w)?.terminate();
      workers.delete(message.w);
      return;
    case "eof":
      // The Node runtime closed our stdin: it is gone (even killed) or closing us down. Exit now,
      // whatever the logic workers are doing — one may be spinning in an endless loop.
      deno.exit(0);
  }
};
