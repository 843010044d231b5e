import type {} from "../host/deno";
import { __createContext, type AggregatorContext, type GenericContext } from "../context/context";
import { Railway } from "../primitive/railway";
import type { RailwayError } from "../primitive/railwayError";
import { isLogicClass } from "./logic";

/** What a logic bundle exports: the function form, or a `@Logic()` class as default export. */
export interface LogicModule {
  run?: unknown;
  handleError?: unknown;
  default?: unknown;
}

interface LogicEntry {
  run(): Promise<void>;
  handleError(error: RailwayError): Promise<void>;
}

type Context = GenericContext | AggregatorContext;
type RunFunction = (ctx: Context) => Promise<void>;
type HandleErrorFunction = (ctx: Context, error: RailwayError) => Promise<void>;

function entryOf(module: LogicModule, ctx: Context): LogicEntry {
  if (isLogicClass(module.default)) {
    const logic = new module.default(ctx);
    return { run: () => logic.run(), handleError: (error) => logic.handleError(error) };
  }
  if (typeof module.run === "function") {
    const run = module.run as RunFunction;
    const handleError = typeof module.handleError === "function" ? (module.handleError as HandleErrorFunction) : undefined;
    return { run: () => run(ctx), handleError: async (error) => handleError?.(ctx, error) };
  }
  throw new TypeError("the logic exports neither a run function nor a @Logic() default class");
}

/**
 * Runs one logic the way LOC does, inside the logic's sandbox: builds the context, then calls
 * `run` if the railway is ok (switching the railway and calling `handleError` if it throws), or
 * `handleError` with the railway's error if it is not. Rejects only if `handleError` itself throws
 * (or the module has no logic); the runtime decides what that means.
 */
export async function __runLogic(kind: "generic" | "aggregator", module: LogicModule): Promise<void> {
  const ctx = await __createContext(kind);
  const entry = entryOf(module, ctx);
  if (await Railway.isOk()) {
    try {
      await entry.run();
    } catch (error) {
      await Railway.switch(error);
      await entry.handleError(await Railway.getError());
    }
  } else {
    await entry.handleError(await Railway.getError());
  }
}
