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
}

function shown(file: string): string {
  const path = relative(process.cwd(), file);
  return path && !path.startsWith("..") ? path : file;
}

export async function loadLogicScript(file: string): Promise<string> {
  if (SOURCE_EXTENSIONS.has(extname(file))) {
    if (!existsSync(file)) throw new LogicLoadError(`cannot read logic ${shown(file)}: no such file`);
    try {
      return (await bundleLogic(file)).code;
    } catch (error) {
      throw new LogicLoadError(`cannot build logic ${shown(file)}: ${(error as Error).message}`);
    }
  } else {
    try {
      return await readFile(file, "utf8");
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
      const hint = missing && extname(file) === ".js" ? " (is it built? run `npm run build`)" : "";
      throw new LogicLoadError(`cannot read logic ${shown(file)}: ${missing ? "no such file" : (error as Error).message}${hint}`);
    }
  }
}

/** Loads each file once, however many data processes use it. */
export class LogicScripts {
  private readonly scripts = new Map<string, Promise<string>>();

  load(file: string): Promise<string> {
    let script = this.scripts.get(file);
    if (!script) {
      script = loadLogicScript(file);
      this.scripts.set(file, script);
    }
    return script;
  }
}
