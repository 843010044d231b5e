/** A record's value as printed by kafka:read: the JSON it holds, else the text as a JSON string. */
export function recordValue(value: Buffer | string | null | undefined): unknown {
  if (value === null || value === undefined) return null;
  const text = typeof value === "string" ? value : value.toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The message kafka:read exits with when fewer records than asked for arrived in time. */
export function shortfallMessage(topic: string, wanted: number, arrived: number, timeoutMs: number): string {
  const records = (n: number) => `${n} record${n === 1 ? "" : "s"}`;
  return `timed out after ${timeoutMs} ms waiting for ${records(wanted)} on ${topic}: ${arrived === 0 ? "none" : `only ${arrived}`} arrived`;
}
