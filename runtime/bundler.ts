/**
 * Builds a logic (generic or aggregator) into what LOC loads: one classic script (no `import` /
 * `export` left) holding the logic and everything it imports (the SDK, which only reads the
 * global `Saffron`), with a function-form logic's `run` / `handleError` made globals, as LOC's
 * own build does. The local runtime evaluates these very bytes.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from "node:path";
import * as esbuild from "esbuild";
import { REPO_ROOT } from "./repo-root";

const SDK_PACKAGE = "@fstnetwork/loc-logic-sdk";
/** The real SDK's logic package under its workspace name, as the SDK's own test logics import it. */
const SDK_WORKSPACE_PACKAGE = "@fstnetwork/logic";
/** LOC injects it as the global `Saffron`: a logic bundling it would carry a second, dead runtime. */
const RUNTIME_PACKAGE = "@fstnetwork/runtime";

export interface BundleOptions {
  /** Writes the bundle there, with its source map beside it as `<outfile>.map`. */
  outfile?: string;
  /** The SDK package folder (holding src/index.ts); defaults to this repo's sdk/. */
  sdkDir?: string;
  /** Paths in error messages are relative to it when inside it; defaults to the working directory. */
  root?: string;
}

export interface LogicBundle {
  /** The classic script; ends with an inline source map, or a link to `<outfile>.map` when written. */
  code: string;
  /** The source map, as JSON text. */
  map: string;
  /** Absolute paths of every file the bundle was built from (the entry, lib/, sdk/ …): what watch mode watches. */
  inputs?: string[];
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
      const names = [SDK_PACKAGE, SDK_WORKSPACE_PACKAGE].map(escapeRegExp).join("|");
      build.onResolve({ filter: new RegExp(`^(${names})$`) }, () => ({ path: sdkEntry }));
    },
  };
}

function noRuntimePlugin(root: string): esbuild.Plugin {
  return {
    name: "no-saffron-runtime",
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${escapeRegExp(RUNTIME_PACKAGE)}(/.*)?$`) }, ({ importer }) => ({
        errors: [
          {
            text: `${importer ? displayPath(importer, root) : "the entry"} imports "${RUNTIME_PACKAGE}": LOC provides it as the global Saffron; import the agents from "${SDK_PACKAGE}"`,
          },
        ],
      }));
    },
  };
}

/** The entry LOC's build makes of a logic module: its function-form exports become globals. */
function classicEntry(entry: string): string {
  return [
    `import * as logic from ${JSON.stringify(entry)};`,
    `if (typeof logic.run === "function") globalThis.run = logic.run;`,
    `if (typeof logic.handleError === "function") globalThis.handleError = logic.handleError;`,
  ].join("\n");
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
  if (!message.location || /logic code runs on LOC|LOC provides it/.test(message.text)) return message.text;
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
 * Bundles a logic and everything it imports (the SDK included) into one classic script for LOC.
 * Fails with a `LogicBuildError` naming the file and the import when anything pulls a Node
 * built-in or the Saffron runtime itself, or with esbuild's located errors otherwise.
 */
export async function bundleLogic(entryFile: string, options: BundleOptions = {}): Promise<LogicBundle> {
  const entry = resolve(entryFile);
  const root = resolve(options.root ?? process.cwd());
  const sdkEntry = join(resolve(options.sdkDir ?? join(REPO_ROOT, "sdk")), "src", "index.ts");
  // An output path names the map and anchors its relative `sources`, even when nothing is written.
  const outfile = resolve(options.outfile ?? join(dirname(entry), `${basename(entry, extname(entry))}.js`));
  let result: esbuild.BuildResult<{ write: false; metafile: true }>;
  try {
    result = await esbuild.build({
      stdin: { contents: classicEntry(entry), resolveDir: dirname(entry), sourcefile: basename(entry).replace(/\.[^.]+$/, ".entry.js"), loader: "js" },
      absWorkingDir: root,
      outfile,
      write: false,
      bundle: true,
      format: "iife",
      platform: "neutral",
      target: "es2022",
      mainFields: ["module", "main"],
      conditions: ["worker", "browser", "module"],
      // Lets a logic outside the repo (e.g. in a temp dir) import the repo's packages.
      nodePaths: [join(REPO_ROOT, "node_modules")],
      sourcemap: "external",
      sourcesContent: true,
      metafile: true,
      logLevel: "silent",
      plugins: [sdkPlugin(sdkEntry), noRuntimePlugin(root), noNodeBuiltinsPlugin(entry, root)],
    });
  } catch (error) {
    if (isBuildFailure(error)) throw new LogicBuildError(error.errors.map((message) => describe(message, root)));
    throw error;
  }
  const codeFile = result.outputFiles.find((file) => file.path.endsWith(".js"));
  const mapFile = result.outputFiles.find((file) => file.path.endsWith(".js.map"));
  if (!codeFile || !mapFile) throw new Error(`esbuild produced no bundle for ${displayPath(entry, root)}`);
  // The stdin entry shows as `<stdin>`; everything else is a path relative to absWorkingDir.
  const inputs = Object.keys(result.metafile?.inputs ?? {})
    .filter((path) => !path.startsWith("<"))
    .map((path) => resolve(root, path));
  if (!options.outfile) return { code: withInlineMap(codeFile.text, mapFile.text), map: mapFile.text, inputs };
  await mkdir(dirname(outfile), { recursive: true });
  const code = `${codeFile.text}//# sourceMappingURL=${basename(mapFile.path)}\n`;
  await Promise.all([writeFile(codeFile.path, code), writeFile(mapFile.path, mapFile.contents)]);
  return { code, map: mapFile.text, inputs };
}

