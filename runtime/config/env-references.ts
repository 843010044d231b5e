/**
 * `env:NAME` (required) and `env:NAME:-default` references in configuration strings, resolved
 * against an environment. A whole string is one reference; there is no interpolation.
 */
const ENV_REFERENCE = /^env:([A-Za-z_][A-Za-z0-9_]*)(?::-([\s\S]*))?$/;

export interface MissingVariable {
  /** Where in the configuration, e.g. `agents.http.grafx-api.baseUrl`. */
  path: string;
  variable: string;
}

export interface ResolvedReferences<T> {
  value: T;
  missing: MissingVariable[];
}

/** Resolves every reference in the strings of `value` (deeply); reports what is missing. */
export function resolveEnvReferences<T>(value: T, env: Readonly<Record<string, string | undefined>>): ResolvedReferences<T> {
  const missing: MissingVariable[] = [];
  const walk = (item: unknown, path: string[]): unknown => {
    if (typeof item === "string") return resolveString(item, env, () => missing.push({ path: path.join("."), variable: variableOf(item) }));
    if (Array.isArray(item)) return item.map((entry, index) => walk(entry, [...path, String(index)]));
    if (item === null || typeof item !== "object") return item;
    return Object.fromEntries(Object.entries(item).map(([key, entry]) => [key, walk(entry, [...path, key])]));
  };
  return { value: walk(value, []) as T, missing };
}

function variableOf(text: string): string {
  return ENV_REFERENCE.exec(text)?.[1] ?? text;
}

function resolveString(text: string, env: Readonly<Record<string, string | undefined>>, onMissing: () => void): string {
  const match = ENV_REFERENCE.exec(text);
  if (!match) return text;
  const [, name = "", fallback] = match;
  const found = env[name];
  if (found !== undefined && found !== "") return found;
  if (fallback !== undefined) return fallback;
  onMissing();
  return text;
}
