/**
 * Watch mode (`serve --watch`): when a logic's source changes — the file itself or, for a
 * TypeScript source, anything its bundle imported (lib/, sdk/ …) — the logic is built and loaded
 * again; the next execution runs the new code. A build error keeps the old code.
 *
 * A configured bundle (`dist/…/x.js`) is reloaded when it is rewritten; and when a source named in
 * its map changes, it is rebuilt in place first, as `npm run build` would build it.
 *
 * Folders are watched rather than files: editors and `npm run build` often save by writing a new
 * file and renaming it over the old one, which a watch on the file itself stops following.
 */
import { existsSync, watch, type FSWatcher } from "node:fs";
import { basename, dirname, extname, join, relative, sep } from "node:path";
import { bundleLogic } from "../bundler";
import type { LocalRuntime, LogicReload } from "../executor/create-runtime";
import { bundleSources, type BundleSources } from "./bundle-sources";

export interface LogicWatcherOptions {
  /** Changes closer together than this are one reload (a save often writes several times); default 100. */
  debounceMs?: number;
  /** Every reload, whether the logics loaded or not. */
  onReload?: (reload: LogicReload) => void;
}

export interface LogicWatcher {
  /** Stops watching; resolves once a reload under way has finished. */
  close(): Promise<void>;
}

type Reloadable = Pick<LocalRuntime, "reloadLogics" | "logicInputs">;

/** Dependencies installed under node_modules change with `npm install`, not while editing. */
function isWatched(path: string): boolean {
  return !path.split(sep).includes("node_modules");
}

/** The folder when it exists, else its nearest existing ancestor, which sees it made again. */
function watchablePath(folder: string): string {
  let path = folder;
  while (!existsSync(path) && dirname(path) !== path) path = dirname(path);
  return path;
}

/** Which targets (logic files to reload, or bundles to rebuild) each watched file goes into. */
function dependentsOf(inputs: Iterable<[string, string[]]>): Map<string, Set<string>> {
  const dependents = new Map<string, Set<string>>();
  for (const [target, files] of inputs) {
    // A logic that did not load still has its own file to watch: fixing it reloads it.
    for (const file of [target, ...files].filter(isWatched)) {
      const targets = dependents.get(file) ?? new Set<string>();
      targets.add(target);
      dependents.set(file, targets);
    }
  }
  return dependents;
}

/** The targets of a changed file in `folder`; of every file there when the name is unknown. */
function targetsOf(dependents: Map<string, Set<string>>, folder: string, name: string | null): string[] {
  if (name) return [...(dependents.get(join(folder, name)) ?? [])];
  return [...dependents].filter(([file]) => dirname(file) === folder).flatMap(([, targets]) => [...targets]);
}

/** The configured bundles built from sources, by bundle. */
async function builtBundles(logics: Iterable<string>): Promise<Map<string, BundleSources>> {
  const bundles = [...logics].filter((file) => extname(file) === ".js");
  const sources = await Promise.all(bundles.map((bundle) => bundleSources(bundle)));
  return new Map(bundles.flatMap((bundle, index) => (sources[index] ? [[bundle, sources[index]] as const] : [])));
}

/** A failed rebuild keeps the bundle as it was (nothing is written), so the old code stays loaded. */
async function rebuild(bundles: string[], built: Map<string, BundleSources>): Promise<LogicReload> {
  const failed: LogicReload["failed"] = [];
  for (const bundle of bundles) {
    const entry = built.get(bundle)?.entry;
    if (!entry) continue;
    try {
      // Writing the bundle is a change in its folder: the reload follows from it.
      await bundleLogic(entry, { outfile: bundle });
    } catch (error) {
      failed.push({ file: entry, message: (error as Error).message });
    }
  }
  return { reloaded: [], failed };
}

export async function watchLogics(runtime: Reloadable, options: LogicWatcherOptions = {}): Promise<LogicWatcher> {
  const debounceMs = options.debounceMs ?? 100;
  /** The watchers, by the folder watched. */
  const folders = new Map<string, FSWatcher>();
  /** Watched file → the logic files to reload when it changes. */
  let dependents = new Map<string, Set<string>>();
  /** Source file → the configured bundles to rebuild when it changes. */
  let rebuilds = new Map<string, Set<string>>();
  let built = new Map<string, BundleSources>();
  /** The folders holding watched files. */
  let wantedFolders = new Set<string>();
  /** An existing folder watched for missing ones below it (a `dist/` not built yet), with those. */
  let standIns = new Map<string, Set<string>>();
  const pending = new Set<string>();
  const pendingBuilds = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let reloading: Promise<void> | undefined;
  let closed = false;

  function changed(watched: string, event: string, name: string | null): void {
    if (closed) return;
    // The folder itself removed or made again (`npm run build` empties dist/): anything in it may
    // have changed, and this watcher sees no more; the reload's `follow` watches it anew.
    const self = event === "rename" && name === basename(watched);
    if (self) {
      folders.get(watched)?.close();
      folders.delete(watched);
    }
    const affected: Array<{ folder: string; name: string | null }> = [...(standIns.get(watched) ?? [])].map((folder) => ({
      folder,
      name: null,
    }));
    if (wantedFolders.has(watched)) affected.push({ folder: watched, name: self ? null : name });
    const logics = affected.flatMap((change) => targetsOf(dependents, change.folder, change.name));
    const bundles = affected.flatMap((change) => targetsOf(rebuilds, change.folder, change.name));
    if (logics.length === 0 && bundles.length === 0) return;
    for (const logic of logics) pending.add(logic);
    for (const bundle of bundles) pendingBuilds.add(bundle);
    clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  }

  function flush(): void {
    // One reload at a time; changes made meanwhile wait for the next.
    if (reloading || closed) return;
    if (pendingBuilds.size > 0) {
      const bundles = [...pendingBuilds];
      pendingBuilds.clear();
      reloading = rebuild(bundles, built)
        .then((result) => {
          if (!closed && result.failed.length > 0) options.onReload?.(result);
        })
        .finally(() => {
          reloading = undefined;
          flush();
        });
      return;
    }
    if (pending.size === 0) return;
    const files = [...pending];
    pending.clear();
    reloading = runtime
      .reloadLogics(files)
      .then(async (reload) => {
        // A rebuilt logic may import other files than before; a folder made again is watched anew.
        await follow();
        if (!closed) options.onReload?.(reload);
      })
      .catch((error: unknown) => {
        if (!closed) options.onReload?.({ reloaded: [], failed: files.map((file) => ({ file, message: (error as Error).message })) });
      })
      .finally(() => {
        reloading = undefined;
        flush();
      });
  }

  async function follow(): Promise<void> {
    const inputs = await runtime.logicInputs();
    built = await builtBundles(inputs.keys());
    dependents = dependentsOf(inputs);
    rebuilds = dependentsOf([...built].map(([bundle, { sources }]) => [bundle, sources]));
    // A bundle is not built from itself.
    for (const bundle of built.keys()) rebuilds.get(bundle)?.delete(bundle);
    wantedFolders = new Set([...dependents.keys(), ...rebuilds.keys()].map((file) => dirname(file)));
    standIns = new Map();
    for (const folder of wantedFolders) {
      const path = watchablePath(folder);
      if (path !== folder) standIns.set(path, new Set([...(standIns.get(path) ?? []), folder]));
    }
    const paths = new Set([...wantedFolders].filter((folder) => existsSync(folder)));
    for (const path of standIns.keys()) paths.add(path);
    for (const [path, watcher] of folders) {
      if (!paths.has(path)) {
        watcher.close();
        folders.delete(path);
      }
    }
    for (const path of paths) {
      if (folders.has(path) || closed) continue;
      try {
        const watcher = watch(path, (event, name) => changed(path, event, name === null ? null : String(name)));
        // A folder gone while watched: its logics stay as loaded until a reload watches it again.
        watcher.on("error", () => {
          watcher.close();
          if (folders.get(path) === watcher) folders.delete(path);
        });
        folders.set(path, watcher);
      } catch {
        // Gone between the check and the watch: the next reload watches it again.
      }
    }
  }

  await follow();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      for (const watcher of folders.values()) watcher.close();
      folders.clear();
      await reloading;
    },
  };
}

function shown(file: string): string {
  const path = relative(process.cwd(), file);
  return path && !path.startsWith("..") ? path : file;
}

/** What watch mode prints for a reload: `watch: reloaded <file>` or `watch: <file>: <error>`, one line each. */
export function reloadLines(reload: LogicReload): string[] {
  return [
    ...reload.reloaded.map((file) => `watch: reloaded ${shown(file)}`),
    ...reload.failed.map(({ file, message }) => `watch: ${shown(file)}: ${message.replace(/\s*\n\s*/g, "; ")}`),
  ];
}
