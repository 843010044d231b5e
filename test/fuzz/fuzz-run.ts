/**
 * How many inputs each fuzz property tries, and the figures each suite prints. `npm test` runs the
 * defaults (fast); `npm run fuzz -- --runs N` sets FUZZ_RUNS=N (and FUZZ_SEED, FUZZ_REPORT_DIR), and
 * each property then tries its share of N: the in-process ones all of it, the slow ones (isolates,
 * child processes, the broker) a fraction.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const RUNS = process.env.FUZZ_RUNS === undefined ? undefined : Number(process.env.FUZZ_RUNS);
if (RUNS !== undefined && !(Number.isInteger(RUNS) && RUNS > 0)) throw new Error(`FUZZ_RUNS must be a positive integer, got "${process.env.FUZZ_RUNS}"`);

/** fast-check's seed: FUZZ_SEED when set (to replay a run), else one printed with the figures. */
export const FUZZ_SEED = process.env.FUZZ_SEED === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED);

/** `defaultCount` in `npm test`; `share` × FUZZ_RUNS (at least 1) under `npm run fuzz`. */
export function fuzzCount(defaultCount: number, share: number): number {
  return RUNS === undefined ? defaultCount : Math.max(1, Math.round(RUNS * share));
}

/** A test's time limit for `count` inputs of about `perInputMs` each. */
export function fuzzTimeout(count: number, perInputMs: number): number {
  return 60_000 + count * perInputMs;
}

export type FailureKind = "5xx" | "crash" | "hang" | "400 without a path" | "bad answer";

export interface FuzzFigures {
  suite: string;
  seed: number;
  inputs: number;
  "5xx": number;
  crashes: number;
  hangs: number;
  "400s without a path": number;
  "bad answers": number;
  /** How many answers had each status (or outcome), to see what the inputs reached. */
  outcomes: Record<string, number>;
  /** The first failures, each with its input. */
  examples: string[];
  ms: number;
}

type FailureField = "5xx" | "crashes" | "hangs" | "400s without a path" | "bad answers";

const FIELD: Record<FailureKind, FailureField> = {
  "5xx": "5xx",
  crash: "crashes",
  hang: "hangs",
  "400 without a path": "400s without a path",
  "bad answer": "bad answers",
};

/** Counts a suite's inputs and failures; failures are recorded, not thrown, so the totals are real. */
export class Figures {
  private readonly figures: Omit<FuzzFigures, "ms">;
  /** From the first input to the last: suites of one file report together. */
  private firstInputAt: number | undefined;
  private lastInputAt: number | undefined;

  constructor(suite: string) {
    this.figures = { suite, seed: FUZZ_SEED, inputs: 0, "5xx": 0, crashes: 0, hangs: 0, "400s without a path": 0, "bad answers": 0, outcomes: {}, examples: [] };
  }

  input(outcome: string | number): void {
    this.lastInputAt = performance.now();
    this.firstInputAt ??= this.lastInputAt;
    this.figures.inputs++;
    this.figures.outcomes[String(outcome)] = (this.figures.outcomes[String(outcome)] ?? 0) + 1;
  }

  fail(kind: FailureKind, example: string): void {
    this.figures[FIELD[kind]]++;
    if (this.figures.examples.length < 10) this.figures.examples.push(`${kind}: ${example.slice(0, 600)}`);
  }

  get failures(): number {
    const { "5xx": fiveXx, crashes, hangs, "400s without a path": unnamed, "bad answers": bad } = this.figures;
    return fiveXx + crashes + hangs + unnamed + bad;
  }

  get examples(): string[] {
    return this.figures.examples;
  }

  /** Prints one line, and writes the figures where `npm run fuzz` collects them. */
  report(): FuzzFigures {
    const figures = { ...this.figures, ms: Math.round((this.lastInputAt ?? 0) - (this.firstInputAt ?? 0)) };
    const { suite, inputs, crashes, hangs, seed } = figures;
    console.log(
      `fuzz ${suite}: ${inputs} inputs, ${figures["5xx"]} 5xx, ${crashes} crashes, ${hangs} hangs, ${figures["400s without a path"]} 400s without a path, ${figures["bad answers"]} bad answers (seed ${seed}, ${figures.ms} ms)`,
    );
    const dir = process.env.FUZZ_REPORT_DIR;
    if (dir) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${suite.replace(/[^a-z0-9-]+/gi, "_")}.json`), JSON.stringify(figures));
    }
    return figures;
  }
}
