/**
 * Where a built logic (`dist/generic-logic/x.js`, written by `npm run build`) came from: its source
 * map beside it names the sources, among them the entry `x.ts` — how watch mode rebuilds a bundle
 * the configuration points at when one of its sources changes.
 */
import { readFile } from "node:fs/promises";
import { basename, dirname, extname, resolve } from "node:path";

export interface BundleSources {
  /** The logic's source file, built into the bundle. */
  entry: string;
  /** Every file the bundle was built from, the entry included. */
  sources: string[];
}

const SOURCE_EXTENSIONS = [".ts", ".mts", ".tsx", ".cts"];

/** `undefined` when the bundle has no readable map, or the map does not name exactly one `<name>.ts` entry. */
export async function bundleSources(bundle: string): Promise<BundleSources | undefined> {
  let map: unknown;
  try {
    map = JSON.parse(await readFile(`${bundle}.map`, "utf8"));
  } catch {
    return undefined;
  }
  const listed = (map as { sources?: unknown }).sources;
  if (!Array.isArray(listed)) return undefined;
  const sourceRoot = (map as { sourceRoot?: unknown }).sourceRoot;
  const base = resolve(dirname(bundle), typeof sourceRoot === "string" ? sourceRoot : "");
  const sources = listed.filter((source): source is string => typeof source === "string").map((source) => resolve(base, source));
  const name = basename(bundle, extname(bundle));
  // The build names a bundle after its entry (scripts/build.ts): generic-logic/x.ts → dist/generic-logic/x.js.
  const entries = sources.filter((source) => SOURCE_EXTENSIONS.some((extension) => basename(source) === `${name}${extension}`));
  return entries.length === 1 ? { entry: entries[0]!, sources } : undefined;
}
