/**
 * `npm ci` on a fresh clone prints no warning a new user would have to wonder about: no package of
 * the lockfile asks for a newer Node than the one running (npm's EBADENGINE warning), and every
 * package with an install script is reviewed in package.json's `allowScripts` (npm 11's
 * "install scripts not yet covered by allowScripts" notice). Read from package.json and the
 * lockfile, with npm's own range semantics (semver, prereleases included as npm-install-checks does),
 * for every package of the lockfile — optional ones for other platforms too, so a user on another
 * machine does not see what this one would not.
 */
import { readFileSync } from "node:fs";
import semver from "semver";
import { describe, expect, it } from "vitest";

interface LockEntry {
  name?: string;
  version?: string;
  link?: boolean;
  hasInstallScript?: boolean;
  engines?: Record<string, string> | string[];
}

const readJson = (file: string) => JSON.parse(readFileSync(new URL(`../../${file}`, import.meta.url), "utf8")) as unknown;
const lockfile = readJson("package-lock.json") as { lockfileVersion: number; packages: Record<string, LockEntry> };
const manifest = readJson("package.json") as { allowScripts?: Record<string, boolean> };

/** `node_modules/a/node_modules/@scope/b` → `@scope/b`. */
function packageName(path: string, entry: LockEntry): string {
  return entry.name ?? path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
}

describe("a clean install on this Node", () => {
  it("reads a lockfile that lists every package with its engines (lockfileVersion 2 or later)", () => {
    expect(lockfile.lockfileVersion).toBeGreaterThanOrEqual(2);
    expect(Object.keys(lockfile.packages).length).toBeGreaterThan(1);
  });

  it(`has no package whose engines.node range leaves out the running Node (${process.version})`, () => {
    const unsupported = Object.entries(lockfile.packages).flatMap(([path, entry]) => {
      const wanted = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (wanted === undefined || semver.satisfies(process.version, wanted, { includePrerelease: true })) return [];
      return [`${path === "" ? "(the project)" : packageName(path, entry)}@${entry.version ?? "?"} wants node ${wanted}`];
    });
    expect(unsupported).toEqual([]);
  });

  it("has every package with an install script reviewed in package.json's allowScripts", () => {
    const policy = Object.entries(manifest.allowScripts ?? {});
    const covers = (name: string, version: string | undefined) =>
      policy.some(([spec]) => {
        if (spec === name) return true;
        const at = spec.lastIndexOf("@");
        if (at <= 0 || spec.slice(0, at) !== name) return false;
        return version !== undefined && semver.satisfies(version, spec.slice(at + 1), { includePrerelease: true });
      });
    const unreviewed = Object.entries(lockfile.packages)
      .filter(([path, entry]) => path !== "" && !entry.link && entry.hasInstallScript === true)
      .map(([path, entry]) => ({ name: packageName(path, entry), version: entry.version }))
      .filter(({ name, version }) => !covers(name, version))
      .map(({ name, version }) => `${name}@${version ?? "?"}`);
    expect(unreviewed).toEqual([]);
  });
});
