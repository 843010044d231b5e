/**
 * The repository's root folder. One level above this file, and — the CLI being bundled into
 * `dist/loc-local.mjs` and its chunks, also one level down — one level above the bundle: files found from here
 * are found the same from source (tsx, vitest) and from the compiled CLI.
 */
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
