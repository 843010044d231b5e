/**
 * zod's global configuration for the logics; imported (for its effect) by every module that builds a
 * zod schema, before it builds one. `jitless`: zod's object parser would otherwise compile a fast
 * path (`new Function`) on an object schema's first parse; a logic's bundle is evaluated afresh for
 * every run, so that compilation was paid again on every run, for a parse or two. The interpreted
 * path validates the same and reports the same issues.
 */
import { config } from "zod";

config({ jitless: true });
