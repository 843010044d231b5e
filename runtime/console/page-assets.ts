/**
 * The console page's files: index.html and console.css as written, console.ts bundled for the
 * browser when the console starts (a few milliseconds with esbuild), so the page is always the
 * source's and no build step can leave it stale.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { REPO_ROOT } from "../repo-root";

export interface PageAsset {
  contentType: string;
  body: Buffer;
}

const PAGE_DIR = join(REPO_ROOT, "runtime", "console", "page");

export async function loadPageAssets(): Promise<Map<string, PageAsset>> {
  const [html, css, script] = await Promise.all([
    readFile(join(PAGE_DIR, "index.html")),
    readFile(join(PAGE_DIR, "console.css")),
    esbuild.build({
      entryPoints: [join(PAGE_DIR, "console.ts")],
      bundle: true,
      format: "iife",
      platform: "browser",
      target: "es2022",
      write: false,
      logLevel: "silent",
    }),
  ]);
  const asset = (contentType: string, body: Uint8Array): PageAsset => ({ contentType, body: Buffer.from(body) });
  return new Map([
    ["/", asset("text/html; charset=utf-8", html)],
    ["/console.css", asset("text/css; charset=utf-8", css)],
    ["/console.js", asset("text/javascript; charset=utf-8", script.outputFiles[0]!.contents)],
  ]);
}
