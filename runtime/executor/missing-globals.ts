/**
 * Node globals a logic might reach for. LOC runs logics on web-standard globals only; the sandbox
 * leaves these undefined (so `typeof process` feature checks behave as on LOC) and explains the
 * resulting ReferenceError by naming the logic.
 */
import type { ErrorRecord } from "../isolate/protocol";

const NODE_ONLY = new Set([
  "process",
  "require",
  "Buffer",
  "module",
  "exports",
  "__dirname",
  "__filename",
  "global",
  "setImmediate",
  "clearImmediate",
]);
const NOT_ON_LOC: Record<string, string> = {
  fetch: "use HttpAgent",
  crypto: "LOC does not guarantee it",
};

const NOT_DEFINED = /^(\S+) is not defined$/;
/** What esbuild's `require` shim throws in a bundle that calls `require` where none exists. */
const BUNDLED_REQUIRE = /^Dynamic require of "[^"]*" is not supported$/;

/** The error as the logic should see it: a clear message for a missing Node global. */
/** What V8 says when a classic script holds module syntax. */
const MODULE_SYNTAX = /Unexpected token 'export'|Cannot use import statement outside a module|import declarations may only appear/;

export function explainMissingGlobal(error: ErrorRecord, logicName: string): ErrorRecord {
  if (error.name === "SyntaxError" && MODULE_SYNTAX.test(error.message)) {
    return {
      name: error.name,
      message: `${error.message}: logic "${logicName}" is an ES module, but LOC loads a logic as a classic script (build it with \`npm run build\`)`,
    };
  }
  if (BUNDLED_REQUIRE.test(error.message)) {
    return { name: error.name, message: `logic "${logicName}" used "require", which LOC does not provide (web-standard globals only)` };
  }
  if (error.name !== "ReferenceError") return error;
  const name = NOT_DEFINED.exec(error.message)?.[1];
  if (name && NODE_ONLY.has(name)) {
    return { name: error.name, message: `logic "${logicName}" used "${name}", which LOC does not provide (web-standard globals only)` };
  }
  if (name && NOT_ON_LOC[name]) {
    return { name: error.name, message: `logic "${logicName}" used "${name}", which LOC does not provide (${NOT_ON_LOC[name]})` };
  }
  return error;
}
