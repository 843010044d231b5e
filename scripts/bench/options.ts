/** The bench's command line, validated with zod; every problem names its flag. */
import { parseArgs } from "node:util";
import { z } from "zod";

export const STAGES = ["trivial", "cli", "batch", "burst", "memory", "kafka"] as const;
export type Stage = (typeof STAGES)[number];

export const benchUsage = `Usage: npm run bench -- [options]
Measures, in one run: the per-execution cost of a trivial data process behind a sync API route
(beside a bare node:http handler), the CLI's start, a batch of orders at a GraFx latency (beside
the tutorial's loop), a burst of 200 requests, memory for large outputs, and Kafka end to end.
Prints a table, then one JSON line with every figure and its target.

  --orders N          orders in the batch (default 1000; the data process takes at most 1000)
  --latency-ms MS     latency of every GraFx status call in the batch (default 100)
  --concurrency N     the data process's CONCURRENCY (default 16)
  --order-kib N       output size of each batch order, KiB (default 64)
  --size-mib N        output size in the memory runs, MiB (default 128)
  --kafka-brokers H:P a running Kafka broker to use (default: start one with scripts/kafka,
                      stopped at the end; without its jars — npm run kafka:install — Kafka is skipped)
  --only LIST         run only these figures, comma-separated: ${STAGES.join(",")}
  --help              this text`;

export interface BenchOptions {
  orders: number;
  concurrency: number;
  latencyMs: number;
  orderBytes: number;
  largeBytes: number;
  kafkaBrokers: string | undefined;
  stages: ReadonlySet<Stage>;
}

const KIB = 1024;
const MIB = 1024 * 1024;

function integerFlag(flag: string, min: number, max: number, fallback: number) {
  const expected = `--${flag}: expected an integer from ${min} to ${max}`;
  return z
    .string()
    .regex(/^\d+$/, expected)
    .transform(Number)
    .pipe(z.number().int().min(min, expected).max(max, expected))
    .optional()
    .transform((value) => value ?? fallback);
}

const stagesFlag = z
  .string()
  .transform((text) => text.split(",").map((stage) => stage.trim()).filter(Boolean))
  .pipe(z.array(z.enum(STAGES, { error: `--only: expected some of ${STAGES.join(", ")}` })).min(1, `--only: expected some of ${STAGES.join(", ")}`))
  .optional()
  .transform((stages) => new Set<Stage>(stages ?? STAGES));

const flagsSchema = z.object({
  // MAX_ORDERS in loc.config.json defaults to 1000: more would be refused by the data process.
  orders: integerFlag("orders", 1, 1000, 1000),
  concurrency: integerFlag("concurrency", 1, 256, 16),
  "latency-ms": integerFlag("latency-ms", 0, 10_000, 100),
  "order-kib": integerFlag("order-kib", 1, 64 * KIB, 64),
  // The data process holds the whole output in one Uint8Array: keep it well under V8's limits.
  "size-mib": integerFlag("size-mib", 1, KIB, 128),
  "kafka-brokers": z
    .string()
    .regex(/^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/, "--kafka-brokers: expected HOST:PORT[,HOST:PORT…]")
    .optional(),
  only: stagesFlag,
});

/** `null` when `--help` was asked for. Throws one error listing every bad flag. */
export function parseBenchOptions(argv: string[]): BenchOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      orders: { type: "string" },
      concurrency: { type: "string" },
      "latency-ms": { type: "string" },
      "order-kib": { type: "string" },
      "size-mib": { type: "string" },
      "kafka-brokers": { type: "string" },
      only: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) return null;
  const parsed = flagsSchema.safeParse(values);
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => issue.message).join("; "));
  const flags = parsed.data;
  return {
    orders: flags.orders,
    concurrency: flags.concurrency,
    latencyMs: flags["latency-ms"],
    orderBytes: flags["order-kib"] * KIB,
    largeBytes: flags["size-mib"] * MIB,
    kafkaBrokers: flags["kafka-brokers"],
    stages: flags.only,
  };
}
