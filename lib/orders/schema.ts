/**
 * What an order batch may hold, checked at the edge. Everything that later becomes part of a file
 * path (environment, task id, order id, format) is restricted here, so no path can escape. Each
 * schema is built on first use (../lazy).
 */
import "../zod-config";
import * as z from "zod/mini";
import { lazy } from "../lazy";

export const OUTPUT_FORMATS = ["pdf", "png", "jpg", "gif", "mp4", "zip"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** GraFx task ids are GUIDs; kept in lower case so one task always maps to one file and record. */
export const taskIdSchema = lazy(() =>
  z.pipe(
    z.guid({ error: (issue) => (typeof issue.input === "string" ? "invalid GUID" : "expected a GUID string") }),
    z.transform((id: string) => id.toLowerCase()),
  ),
);

/**
 * Names beginning with "." belong to bookkeeping (`.pending/`, the runtime's `.loc-tmp-…` files)
 * and are hidden from listings: an order's file never takes one (this also refuses "." and "..").
 */
export const orderIdSchema = lazy(() =>
  z
    .string({ error: "expected a string" })
    .check(
      z.regex(/^[A-Za-z0-9._-]{1,64}$/, { error: "expected 1 to 64 letters, digits, '.', '_' or '-'", abort: true }),
      z.refine((id: string) => !id.startsWith("."), 'must not start with "."'),
    ),
);

export const formatSchema = lazy(() => z.enum(OUTPUT_FORMATS, { error: `expected one of ${OUTPUT_FORMATS.join(", ")}` }));

/** A GraFx environment name, as a payload or the GRAFX_ENVIRONMENT variable gives it. */
export const ENVIRONMENT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const ENVIRONMENT_PROBLEM = "expected 1 to 64 letters, digits, '_' or '-', starting with a letter or digit";

export const environmentSchema = lazy(() => z.string({ error: "expected a string" }).check(z.regex(ENVIRONMENT_PATTERN, ENVIRONMENT_PROBLEM)));

/**
 * An order as this data process keeps it between logics and executions (a pending record, a work
 * set's order): its identity, where its file goes, and when it was (last) submitted (ISO 8601).
 * Called inside a schema's builder, so each schema builds its own.
 */
export function storedOrderFields() {
  return {
    taskId: taskIdSchema(),
    orderId: z.optional(orderIdSchema()),
    format: z.optional(formatSchema()),
    environment: environmentSchema(),
    firstSeenAt: z.iso.datetime(),
  };
}

export const orderSchema = lazy(() =>
  z.strictObject({
    taskId: taskIdSchema(),
    orderId: z.optional(orderIdSchema()),
    format: z.optional(formatSchema()),
  }),
);

export type Order = z.infer<ReturnType<typeof orderSchema>>;

/** The batch's outer shape; each order is checked on its own so one bad order fails alone. */
export const batchShapeSchema = lazy(() =>
  z.strictObject({
    orders: z.array(z.unknown(), { error: "expected an array of orders" }),
    environment: z.optional(environmentSchema()),
  }),
);
