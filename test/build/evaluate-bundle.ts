/**
 * Evaluates a logic bundle the way LOC does — a classic script in a realm whose global `Saffron`
 * provides the agents and `runtime` — with a stand-in `Saffron` that records what the bundle
 * registers, so a test sees what LOC would run.
 */
import vm from "node:vm";

export interface EvaluatedBundle {
  /** The globals the script left: `run` / `handleError` for a function-form logic. */
  global: Record<string, unknown>;
  /** What a class-form logic registered with `Saffron.runtime`. */
  registered: { main: number; errorHandler: number };
  /** Every `Saffron` property the bundle read. */
  read: Set<string>;
}

export function evaluateBundle(code: string, filename: string): EvaluatedBundle {
  const registered = { main: 0, errorHandler: 0 };
  const read = new Set<string>();
  const runtime = {
    context: {},
    registerMain: () => void registered.main++,
    registerErrorHandler: () => void registered.errorHandler++,
  };
  const saffron = new Proxy({} as Record<string, unknown>, {
    get: (_target, name) => {
      read.add(String(name));
      return name === "runtime" ? runtime : {};
    },
  });
  const global = vm.createContext({ Saffron: saffron, TextEncoder, TextDecoder, URL, URLSearchParams }) as Record<string, unknown>;
  new vm.Script(code, { filename }).runInContext(global);
  return { global, registered, read };
}
