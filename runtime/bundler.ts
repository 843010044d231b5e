/**
 * Builds a logic (generic or aggregator) into the one self-contained ESM bundle LOC deploys, and
 * turns such a bundle into a classic script the local runtime can evaluate in a vm context, so
 * the local run evaluates the very bytes that deploy.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
const SDK_PACKAGE = "@fstnetwork/loc-logic-sdk";
/** The global the sandbox script assigns inside its own scope; never leaks to the context. */
const SANDBOX_GLOBAL = "__locLogicModule";

export interface BundleOptions {
  /** Writes the bundle there, with its source map beside it as `<outfile>.map`. */
  outfile?: string;
  /** The SDK package folder (holding src/index.ts); defaults to this repo's sdk/. */
  sdkDir?: string;
  /** Paths in error messages are relative to it when inside it; defaults to the working directory. */
  root?: string;
}

export interface LogicBundle {
  /** The ESM bundle; ends with an inline source map unless written to `outfile`. */
  code: string;
  /** The source map, as JSON text. */
  map: string;
}

/** A logic that cannot be bundled; `message` holds one clear line per problem. */
export class LogicBuildError extends Error {
  override name = "LogicBuildError";
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
  }
}

function displayPath(file: string, root: string): string {
  const path = relative(root, file);
  return path.startsWith("..") || isAbsolute(path) ? file : path;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const builtinNames = builtinModules.filter((name) => !name.startsWith("_")).map(escapeRegExp);
/** `node:*`, and every built-in by bare name, with or without a subpath (`fs/promises`). */
const NODE_BUILTIN = new RegExp(`^(node:.*|(${builtinNames.join("|")})(/.*)?)$`);

function sdkPlugin(sdkEntry: string): esbuild.Plugin {
  return {
    name: "loc-logic-sdk",
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${escapeRegExp(SDK_PACKAGE)}$`) }, () => ({ path: sdkEntry }));
    },
  };
}

function noNodeBuiltinsPlugin(entry: string, root: string): esbuild.Plugin {
  return {
    name: "no-node-builtins",
    setup(build) {
      build.onResolve({ filter: NODE_BUILTIN }, ({ path, importer }) => {
        const where = importer ? displayPath(importer, root) : "the entry";
        const via = importer && resolve(importer) !== entry ? ` (bundling ${displayPath(entry, root)})` : "";
        return {
          errors: [{ text: `${where} imports "${path}"${via}: logic code runs on LOC, which has no Node built-ins` }],
        };
      });
    },
  };
}

function describe(message: esbuild.Message, root: string): string {
  if (!message.location || message.text.includes("logic code runs on LOC")) return message.text;
  const { file, line, column } = message.location;
  return `${displayPath(resolve(root, file), root)}:${line}:${column}: ${message.text}`;
}

function isBuildFailure(error: unknown): error is esbuild.BuildFailure {
  return error instanceof Error && Array.isArray((error as Partial<esbuild.BuildFailure>).errors);
}

/** Appends the map as a data URL, the way esbuild's `sourcemap: "inline"` does. */
function withInlineMap(code: string, map: string): string {
  return `${code}//# sourceMappingURL=data:application/json;base64,${Buffer.from(map).toString("base64")}\n`;
}

/**
 * Bundles a logic and everything it imports (the SDK included) into one ESM file for LOC.
 * Fails with a `LogicBuildError` naming the file and the import when anything pulls a Node
 * built-in, or with esbuild's located errors otherwise.
 */
export async function bundleLogic(entryFile: string, options: BundleOptions = {}): Promise<LogicBundle> {
  const entry = resolve(entryFile);
  const root = resolve(options.root ?? process.cwd());
  const sdkEntry = join(resolve(options.sdkDir ?? join(REPO_ROOT, "sdk")), "src", "index.ts");
  // An output path names the map and anchors its relative `sources`, even when nothing is written.
  const outfile = resolve(options.outfile ?? join(dirname(entry), `${basename(entry, extname(entry))}.js`));
  let result: esbuild.BuildResult<{ write: false }>;
  try {
    result = await esbuild.build({
      entryPoints: [entry],
      absWorkingDir: root,
      outfile,
      write: false,
      bundle: true,
      format: "esm",
      platform: "neutral",
      target: "es2022",
      mainFields: ["module", "main"],
      conditions: ["worker", "browser", "module"],
      // Lets a logic outside the repo (e.g. in a temp dir) import the repo's packages.
      nodePaths: [join(REPO_ROOT, "node_modules")],
      sourcemap: "external",
      sourcesContent: true,
      logLevel: "silent",
      plugins: [sdkPlugin(sdkEntry), noNodeBuiltinsPlugin(entry, root)],
    });
  } catch (error) {
    if (isBuildFailure(error)) throw new LogicBuildError(error.errors.map((message) => describe(message, root)));
    throw error;
  }
  const codeFile = result.outputFiles.find((file) => file.path.endsWith(".js"));
  const mapFile = result.outputFiles.find((file) => file.path.endsWith(".js.map"));
  if (!codeFile || !mapFile) throw new Error(`esbuild produced no bundle for ${displayPath(entry, root)}`);
  if (!options.outfile) return { code: withInlineMap(codeFile.text, mapFile.text), map: mapFile.text };
  await mkdir(dirname(outfile), { recursive: true });
  await Promise.all([writeFile(codeFile.path, codeFile.contents), writeFile(mapFile.path, mapFile.contents)]);
  return { code: codeFile.text, map: mapFile.text };
}

/**
 * Re-expresses an ESM bundle as a classic script for `vm.Script`/`vm.runInContext`.
 *
 * Contract: the returned script, evaluated as a script in any context, *completes with the
 * module's namespace object* (`{ run?, handleError?, default?, … }`, getters over the live
 * exports), e.g. `const mod = vm.runInContext(toSandboxScript(code), context)`. It runs the module
 * body once, in strict mode, and declares nothing in the context's global scope. The module may
 * not use top-level await. An inline source map in the input is carried into the output.
 */
export function toSandboxScript(esmCode: string): string {
  const { code } = esbuild.transformSync(esmCode, {
    format: "iife",
    globalName: SANDBOX_GLOBAL,
    target: "es2022",
    loader: "js",
    sourcemap: esmCode.includes("//# sourceMappingURL=data:") ? "inline" : false,
    logLevel: "silent",
  });
  return `(() => { "use strict"; ${code}\nreturn ${SANDBOX_GLOBAL};\n})()`;
}

let sdkScript: Promise<string> | undefined;

/**
 * The SDK itself as a sandbox script (same contract as `toSandboxScript`: completes with the
 * SDK's exports). Evaluate it in a logic's vm context to get that context's `__createContext`,
 * `__runLogic`, `Railway`…, bound to the `Deno` global installed there.
 */
export function sdkSandboxScript(sdkDir?: string): Promise<string> {
  if (sdkDir) return buildSdkScript(sdkDir);
  sdkScript ??= buildSdkScript(join(REPO_ROOT, "sdk")).catch((error: unknown) => {
    sdkScript = undefined;
    throw error;
  });
  return sdkScript;
}

async function buildSdkScript(sdkDir: string): Promise<string> {
  const { code } = await bundleLogic(join(resolve(sdkDir), "src", "index.ts"), { sdkDir });
  return toSandboxScript(code);
}
