import type { z } from "zod";

/** `faults[0].error.status: Too small…` — one line per issue, paths as a reader would write them. */
export function describeZodError(error: z.ZodError, root = ""): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.reduce<string>(
        (text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)),
        root,
      );
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join("; ");
}

/** Parses `input` or throws an Error naming `what` and every bad field (paths start at `root`). */
export function parseOrThrow<Schema extends z.ZodType>(schema: Schema, input: unknown, what: string, root = ""): z.infer<Schema> {
  const result = schema.safeParse(input);
  if (!result.success) throw new Error(`invalid ${what}: ${describeZodError(result.error, root)}`);
  return result.data;
}
