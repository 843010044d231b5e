/**
 * Turns a logic file into the classic script an isolate evaluates: a built bundle (`.js`) as
 * is — ours, or one built with the real SDK — and a TypeScript source built first, the same way
 * `npm run build` builds what deploys.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, relative } from "node:path";
import { bundleLogic } from "../bundler";

const SOURCE_EXTENSIONS = new Set([".ts", ".mts", ".tsx", ".cts"]);

export class LogicLoadError extends Error {
  override name = "LogicLoadError";
  /** What went wrong without the file's name, in one line (watch mode prints it after the name). */
  readonly reason: string;
  constructor(message: string, reason: string = message) {
    super(message);
    this.reason = reason.replace(/\s*\n\s*/g, "; ");
  }
}

/** A logic's script, and the files it was made from: the bundle's inputs, or the `.js` itself. */
export interface LoadedLogic {
  script: string;
  inputs: string[];
}

function shown(file: string): string {
  const path = relative(process.cwd(), file);
  return path && !path.startsWith("..") ? path : file;
}

export async function loadLogicScript(file: string): Promise<string> {
  return (await loadLogic(file)).script;
}

export async function loadLogic(file: string): Promise<LoadedLogic> {
  if (SOURCE_EXTENSIONS.has(extname(file))) {
    if (!existsSync(file)) throw new LogicLoadError(`cannot read logic ${shown(file)}: no such file`, "no such file");
    try {
      const bundle = await bundleLogic(file);
      return { script: bundle.code, inputs: bundle.inputs ?? [file] };
    } catch (error) {
      const reason = (error as Error).message;
      throw new LogicLoadError(`cannot build logic ${shown(file)}: ${reason}`, reason);
    }
  } else {
    try {
      return { script: await readFile(file, "utf8"), inputs: [file] };
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
      const hint = missing && extname(file) === ".js" ? " (is it built? run `npm run build`)" : "";
      const reason = `${missing ? "no such file" : (error as Error).message}${hint}`;
      throw new LogicLoadError(`cannot read logic ${shown(file)}: ${reason}`, reason);
    }
  }
}

/** Loads each file once, however many data processes use it. */
export class LogicScripts {
  private readonly logics: Map<string, Promise<LoadedLogic>>;

  constructor(logics: Iterable<[string, Promise<LoadedLogic>]> = []) {
    this.logics = new Map(logics);
  }

  load(file: string): Promise<string> {
    return this.loaded(file).then((logic) => logic.script);
  }

  /** The files the logic was made from; rejects as `load` does. */
  inputs(file: string): Promise<string[]> {
    return this.loaded(file).then((logic) => logic.inputs);
  }

  /** A cache sharing every entry but those of `files`, which load (build) anew: a reload. */
  withFresh(files: Iterable<string>): LogicScripts {
    const stale = new Set(files);
    return new LogicScripts([...this.logics].filter(([file]) => !stale.has(file)));
  }

  private loaded(file: string): Promise<LoadedLogic> {
    let logic = this.logics.get(file);
    if (!logic) {
      logic = loadLogic(file);
      // Failures surface through `load`; a cache entry nobody awaited is not an unhandled rejection.
      logic.catch(() => undefined);
      this.logics.set(file, logic);
    }
    return logic;
  }
}
