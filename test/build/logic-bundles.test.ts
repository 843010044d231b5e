/**
 * What `npm run build` makes of every logic in generic-logic/ and aggregator-logic/: what LOC
 * loads — one classic script per logic that reads the agents from the global `Saffron` and holds
 * none of their implementation — with its source map beside it.
 */
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleLogic } from "../../runtime/bundler";
import { saffronScript } from "../../runtime/isolate/saffron-script";
import { REPO_ROOT } from "../runtime/helpers";
import { evaluateBundle } from "./evaluate-bundle";

const KINDS = ["generic-logic", "aggregator-logic"] as const;
/** The folders whose code may end up in a bundle: the logics, their lib, the SDK stand-in, npm packages. */
const BUNDLED_FOLDERS = ["generic-logic", "aggregator-logic", "lib", "sdk", "node_modules"];

const ENTRIES = KINDS.flatMap((kind) =>
  readdirSync(join(REPO_ROOT, kind))
    .filter((name) => name.endsWith(".ts") && !/\.(d|test|spec)\.ts$/.test(name))
    .sort()
    .map((name) => `${kind}/${name}`),
);

interface Built {
  code: string;
  outfile: string;
}

const built = new Map<string, Built>();
let outDir: string;
// Built once for the whole file (a per-test temp dir would be gone after the first test).
beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), "logic-bundles-"));
  await Promise.all(
    ENTRIES.map(async (entry) => {
      const outfile = join(outDir, entry.replace(/\.ts$/, ".js"));
      const { code } = await bundleLogic(join(REPO_ROOT, entry), { outfile, root: REPO_ROOT });
      built.set(entry, { code, outfile });
    }),
  );
});

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

function bundleOf(entry: string): Built {
  const bundle = built.get(entry);
  if (!bundle) throw new Error(`${entry} was not built`);
  return bundle;
}

describe("every logic of this repo, as built for LOC", () => {
  it("finds the logics to check", () => {
    expect(ENTRIES.filter((entry) => entry.startsWith("generic-logic/")).length).toBeGreaterThan(0);
    expect(ENTRIES.filter((entry) => entry.startsWith("aggregator-logic/"))).toHaveLength(1);
  });

  it("checks what would catch an agent implementation: Saffron itself, which LOC provides, is full of it", async () => {
    const saffron = await saffronScript();
    expect(saffron).toMatch(/\bop_session_storage_agent_put\b/);
    expect(saffron).toContain("Deno.core");
  });

  describe.each(ENTRIES)("%s", (entry) => {
    it("is one classic script: it compiles as a script, so no import / export statement is left", async () => {
      const { code, outfile } = bundleOf(entry);
      expect(() => new vm.Script(code, { filename: outfile })).not.toThrow();
      expect(code).not.toMatch(/^\s*(import|export)\s*[{*\w]/m);
      expect(await readFile(outfile, "utf8")).toBe(code);
    });

    it("holds no agent implementation: no host operation, no Deno.core, no opAsync", () => {
      const { code } = bundleOf(entry);
      expect(code.match(/\bop_[a-z_]+/g) ?? []).toEqual([]);
      expect(code).not.toContain("Deno.core");
      expect(code).not.toContain("opAsync");
    });

    it("reads the agents from the global Saffron", () => {
      const { code, outfile } = bundleOf(entry);
      expect(code).toMatch(/\{ SessionStorageAgent \} = Saffron;/);
      const { read } = evaluateBundle(code, outfile);
      expect(read).toContain("SessionStorageAgent");
      expect(read).toContain("LoggingAgent");
    });

    it("leaves run(ctx) and handleError(ctx, error) on the global object, with the arities LOC adopts", () => {
      const { code, outfile } = bundleOf(entry);
      const { global } = evaluateBundle(code, outfile);
      expect(typeof global.run).toBe("function");
      expect(typeof global.handleError).toBe("function");
      expect((global.run as () => unknown).length).toBe(1);
      expect((global.handleError as () => unknown).length).toBe(2);
    });

    it("keeps a source map beside it, whose sources are the logic, lib/, the SDK and npm packages", async () => {
      const { outfile } = bundleOf(entry);
      expect(existsSync(`${outfile}.map`)).toBe(true);
      expect(await readFile(outfile, "utf8")).toMatch(new RegExp(`//# sourceMappingURL=${basename(outfile)}\\.map\\n$`));
      const map = JSON.parse(await readFile(`${outfile}.map`, "utf8")) as { version: number; sources: string[]; sourcesContent: string[] };
      expect(map.version).toBe(3);
      const sources = map.sources.map((source) => relative(REPO_ROOT, resolve(dirname(outfile), source)).split(sep).join("/"));
      for (const source of sources) expect(BUNDLED_FOLDERS).toContain(source.split("/")[0]);
      expect(sources).toContain(entry);
      expect(map.sourcesContent[sources.indexOf(entry)]).toBe(await readFile(join(REPO_ROOT, entry), "utf8"));
      if (entry.startsWith("generic-logic/")) expect(sources.some((source) => source.startsWith("lib/"))).toBe(true);
    });
  });
});
