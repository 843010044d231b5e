import { z } from "zod";
import { faultListSchema } from "./faults";

export const simulatorOptionsSchema = z
  .object({
    host: z.string().min(1).default("127.0.0.1"),
    /** API origin port; 0 picks a free one. */
    port: z.number().int().min(0).max(65535).default(0),
    /** Port of the second origin (downloads of `secondOrigin` tasks); 0 picks a free one. */
    secondOriginPort: z.number().int().min(0).max(65535).default(0),
    clientId: z.string().min(1).default("sim-client"),
    clientSecret: z.string().min(1).default("sim-secret"),
    environment: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, "expected letters, digits, '.', '_' or '-'")
      .default("sim-env"),
    tokenTtlSeconds: z.number().int().positive().default(3600),
    defaultTaskDurationMs: z.number().int().nonnegative().default(0),
    defaultSizeBytes: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).default(1024),
    /** Global faults from the start (see faults.ts). */
    faults: faultListSchema.default([]),
  })
  .strict();

export type GrafxSimulatorOptions = z.input<typeof simulatorOptionsSchema>;
export type SimulatorConfig = z.output<typeof simulatorOptionsSchema>;
