/**
 * zod's global configuration for the logics (which use `zod/mini`: the full build installs dozens of
 * methods on each schema class, and a logic's bundle builds its classes afresh for every run); imported (for its effect) by every module that builds a
 * zod schema, before it builds one. `jitless`: zod's object parser would otherwise compile a fast
 * path (`new Function`) on an object schema's first parse; a logic's bundle is evaluated afresh for
 * every run, so that compilation was paid again on every run, for a parse or two. The interpreted
 * path validates the same and reports the same issues.
 */
import { config } from "zod/mini";
import { en } from "zod/locales";

// zod/mini comes without messages: the English ones, as zod's full build has them.
config({ ...en(), jitless: true });
