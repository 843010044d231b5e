/** The bench's command line, validated with zod; every problem names its flag. */
import { parseArgs } from "node:util";
import { z } from "zod";

export const benchUsage = `Usage: npm run bench -- [options]
  --orders N         orders in the throughput run (default 64)
  --concurrency N    the data process's CONCURRENCY (default 16)
  --latency-ms MS    latency of every GraFx status call in the throughput run (default 100)
  --order-kib N      output size of each order in the throughput run, KiB (default 256)
  --size-mib N       output size in the memory run, MiB (default 128)
  --help             this text`;

export interface BenchOptions {
  orders: number;
  concurrency: number;
  latencyMs: number;
  orderBytes: number;
  largeBytes: number;
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

const flagsSchema = z.object({
  // MAX_ORDERS in loc.config.json defaults to 1000: more would be refused by the data process.
  orders: integerFlag("orders", 1, 1000, 64),
  concurrency: integerFlag("concurrency", 1, 256, 16),
  "latency-ms": integerFlag("latency-ms", 0, 10_000, 100),
  "order-kib": integerFlag("order-kib", 1, 64 * KIB, 256),
  // The data process holds the whole output in one Uint8Array: keep it well under V8's limits.
  "size-mib": integerFlag("size-mib", 1, KIB, 128),
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
  };
}
