#!/usr/bin/env node
// The manual trigger CLI. Plain JavaScript, so `node bin/loc-local.js` works as is: it registers
// tsx to load the TypeScript runtime, then runs the command.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../runtime/cli/main.ts");
const code = await main(process.argv.slice(2));
// Exit once both streams are flushed (pipes may be asynchronous), without waiting for idle
// keep-alive sockets and the like.
await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write("", resolve))));
process.exit(code);
