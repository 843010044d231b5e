import { Railway, type RailwayError } from "./primitive";
import { RuntimeError } from "./runtimeError";

export type Main = () => Promise<void>;
export type ErrorHandler = (error: RailwayError) => Promise<void>;

async function empty(): Promise<void> {}

/** Function-form logics as LOC's build leaves them: `run` and `handleError` on the global object. */
interface LogicGlobals {
  run?: unknown;
  handleError?: unknown;
}

/** Runs one logic: its main while the railway is ok, else its error handler. */
export class Runtime<C> {
  readonly #context: C;
  #executed = false;
  #main: Main = empty;
  #errorHandler: ErrorHandler = empty;

  constructor(context: C) {
    this.#context = context;
  }

  get context(): C {
    return this.#context;
  }

  registerMain(main: Main): void {
    if (this.#main !== empty) throw new RuntimeError("main is already registered");
    this.#main = main;
  }

  registerErrorHandler(errorHandler: ErrorHandler): void {
    if (this.#errorHandler !== empty) throw new RuntimeError("error handler is already registered");
    this.#errorHandler = errorHandler;
  }

  async run(): Promise<void> {
    if (this.#executed) throw new RuntimeError("already executed");
    this.#executed = true;
    this.#adoptGlobals();

    if (await Railway.isOk()) {
      try {
        await this.#main();
      } catch (error) {
        await Railway.switch(error);
        await this.#errorHandler(await Railway.getError());
      }
    } else {
      await this.#errorHandler(await Railway.getError());
    }
  }

  // LOC's rule, arity included: anything else runs nothing, silently.
  #adoptGlobals(): void {
    if (this.#main !== empty || this.#errorHandler !== empty) return;
    const { run, handleError } = globalThis as LogicGlobals;
    if (typeof run !== "function" || typeof handleError !== "function") return;
    if (run.length !== 1 || handleError.length !== 2) return;
    this.#main = run.bind(null, this.#context) as Main;
    this.#errorHandler = handleError.bind(null, this.#context) as ErrorHandler;
  }
}
