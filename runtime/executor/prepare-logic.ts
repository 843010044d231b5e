/**
 * Turns a logic file into the script a sandbox evaluates: a built bundle (`.js`, `.mjs`) as
 * is, a TypeScript source bundled first (with the SDK stand-in) — either way through the same
 * `toSandboxScript` as what deploys.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, relative } from "node:path";
import { bundleLogic, toSandboxScript } from "../bundler";

const SOURCE_EXTENSIONS = new Set([".ts", ".mts", ".tsx", ".cts"]);

export class LogicLoadError extends Error {
  override name = "LogicLoadError";
}

function shown(file: string): string {
  const path = relative(process.cwd(), file);
  return path && !path.startsWith("..") ? path : file;
}

export async function loadLogicScript(file: string): Promise<string> {
  let code: string;
  if (SOURCE_EXTENSIONS.has(extname(file))) {
    if (!existsSync(file)) throw new LogicLoadError(`cannot read logic ${shown(file)}: no such file`);
    try {
      code = (await bundleLogic(file)).code;
    } catch (error) {
      throw new LogicLoadError(`cannot build logic ${shown(file)}: ${(error as Error).message}`);
    }
  } else {
    try {
      code = await readFile(file, "utf8");
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
      const hint = missing && extname(file) === ".js" ? " (is it built? run `npm run build`)" : "";
      throw new LogicLoadError(`cannot read logic ${shown(file)}: ${missing ? "no such file" : (error as Error).message}${hint}`);
    }
  }
  try {
    return toSandboxScript(code);
  } catch (error) {
    throw new LogicLoadError(`logic ${shown(file)} is not a valid ES module bundle: ${(error as Error).message}`);
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
