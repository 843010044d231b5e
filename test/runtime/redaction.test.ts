import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { LogEntry } from "../../runtime/contract";
import { configOf, manually, runtimeOf, tempDir } from "./helpers";

const SECRET = "sup3r-s3cret-value";
const CONFIGURED = "configured-secret-123";

describe("secret redaction", () => {
  it("keeps secrets out of logs, results, error texts and the stored execution", async () => {
    const stateDir = await tempDir();
    const printed: LogEntry[] = [];
    const runtime = runtimeOf(
      configOf(
        stateDir,
        {
          auth: {
            generic: ["secrets-generic.ts"],
            aggregator: "report-session.ts",
            variables: { CLIENT_SECRET: { value: SECRET, secret: true }, API_KEY: CONFIGURED },
          },
        },
        { secrets: [CONFIGURED] },
      ),
      { onLog: (entry) => printed.push(entry) },
    );
    const record = await runtime.execute(manually(["auth"]));

    const stored = await readFile(join(stateDir, "executions", `${record.executionId}.json`), "utf8");
    for (const text of [stored, JSON.stringify(record), JSON.stringify(printed)]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(CONFIGURED);
      expect(text).not.toContain("eyJhbGciOi");
    }
    expect(record.logs.map((entry) => entry.message)).toEqual([
      '{"headers":{"Authorization":"[REDACTED]"},"note":"token request"}',
      "client_secret=[REDACTED]&grant_type=client_credentials",
      "plain mention of [REDACTED] and the configured [REDACTED]",
      "console too: [REDACTED]",
    ]);
    expect(printed).toEqual(record.logs);
    expect(record.tasks[0]?.railwayError?.message).toBe("authentication failed for secret [REDACTED]");
    expect(record.result).toMatchObject({ error: { message: "authentication failed for secret [REDACTED]" } });
  });
});
