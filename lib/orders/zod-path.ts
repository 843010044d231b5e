import type { core } from "zod/mini";

/** `orders[3].taskId` from a zod path; `payload` for the root. */
export function formatPath(path: readonly PropertyKey[], root = "payload"): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else text += text === "" ? String(key) : `.${String(key)}`;
  }
  return text === "" ? root : text.startsWith("[") ? `${root}${text}` : text;
}

/** One line per problem: `orders[3].taskId: invalid GUID`. */
export function describeIssues(error: core.$ZodError, prefix: readonly PropertyKey[] = []): string[] {
  return error.issues.map((issue) => `${formatPath([...prefix, ...issue.path])}: ${issue.message}`);
}
