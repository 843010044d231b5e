#!/usr/bin/env node
// The local LOC CLI. Plain JavaScript, so `node bin/loc-local.js` works as is. It runs the CLI
// compiled into dist/loc-local.mjs and its chunks (by `npm run build`, or here on first use), and compiles it
// again whenever one of its TypeScript sources is newer: no TypeScript is compiled per call.
import { existsSync, readFileSync, statSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { compileCli, CLI_BUNDLE, CLI_INPUTS } from "./compile-cli.js";

function isFresh() {
  if (!existsSync(CLI_BUNDLE) || !existsSync(CLI_INPUTS)) return false;
  const built = statSync(CLI_BUNDLE).mtimeMs;
  try {
    return JSON.parse(readFileSync(CLI_INPUTS, "utf8")).every((file) => statSync(file).mtimeMs <= built);
  } catch {
    return false;
  }
}

if (!isFresh()) await compileCli();
const { main } = await import(pathToFileURL(CLI_BUNDLE).href);
const code = await main(process.argv.slice(2));
// Exit once both streams are flushed (pipes may be asynchronous), without waiting for idle
// keep-alive sockets and the like.
await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write("", resolve))));
process.exit(code);
