/**
 * Hostile logics: every way out of the isolate a logic might try — the constructor chain,
 * `Function('return this')`, `import()` of Node built-ins and files, Deno's namespace, the network,
 * forged host operations, file storage escapes, another data process's storage, shared memory —
 * is refused, and the host's environment, files and other data processes' state stay untouched.
 */
import { createServer, type Server } from "node:http";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configSchema } from "../../runtime/config/schema";
import { manually, runtimeOf, tempDir } from "../runtime/helpers";

const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));
const CANARY_ENV = "LOC_HOSTILE_CANARY";
const CANARY = `canary-${Math.random().toString(36).slice(2)}`;

let server: Server;
let connections = 0;
beforeAll(async () => {
  process.env[CANARY_ENV] = CANARY;
  server = createServer((_request, response) => response.end("host"));
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  delete process.env[CANARY_ENV];
  await new Promise((resolve) => server.close(resolve));
});

async function setUp() {
  const dir = await tempDir();
  const files = join(dir, "files");
  const outside = join(dir, "outside");
  await mkdir(files, { recursive: true });
  await mkdir(outside, { recursive: true });
  const canaryFile = join(outside, "canary.txt");
  await writeFile(canaryFile, CANARY);
  const port = (server.address() as { port: number }).port;
  const attacker = () => ({
    generic: [join(FIXTURES, "hostile-generic.ts")],
    aggregator: join(FIXTURES, "../../fixtures/logic/report-session.ts"),
    variables: {
      CANARY_ENV,
      CANARY_FILE: canaryFile,
      OUTSIDE_FILE: join(outside, "written-by-logic.txt"),
      PORT: String(port),
      REPORT_KEYS: "outcomes",
      RESULT_KEY: "attacker",
    },
  });
  const config = configSchema.parse({
    stateDir: join(dir, "state"),
    dataProcesses: {
      attacker: attacker(),
      victim: {
        generic: [join(FIXTURES, "victim-generic.ts")],
        aggregator: join(FIXTURES, "../../fixtures/logic/report-session.ts"),
        variables: { SECRET: CANARY, REPORT_KEYS: "victim-session", RESULT_KEY: "victim" },
      },
    },
    agents: { fileStorage: { files: { root: files } } },
  });
  return { runtime: runtimeOf(config), outside, canaryFile };
}

describe("a hostile logic", () => {
  it("is refused every way out, and the host, its files and the other data process stay untouched", async () => {
    const { runtime, outside, canaryFile } = await setUp();
    const before = connections;
    await runtime.execute(manually(["victim"]));
    const record = await runtime.execute(manually(["victim", "attacker"]));

    const outcomes = (record.result.attacker as { session: { outcomes: Record<string, string> } }).session.outcomes;
    const escaped = Object.entries(outcomes).filter(([, outcome]) => !outcome.startsWith("refused: "));
    expect(escaped).toEqual([]);
    expect(Object.keys(outcomes).length).toBeGreaterThanOrEqual(20);
    // Refused for the right reason: capabilities missing or denied, not a bug in the attempt.
    // Node built-ins are refused at the import, as LOC has none; files by the isolate's permissions.
    for (const name of ["importNodeFs", "importNodeNet", "importChildProcess", "importNodeProcessEnv", "processExit"]) {
      expect(outcomes[name]).toMatch(/"node:[a-z_]+" is not available on LOC/);
    }
    expect(outcomes.importFileUrl).toMatch(/Requires read access/);
    expect(outcomes.constructorChain).toMatch(/process is not defined/);
    expect(outcomes.forgedOp).toMatch(/escapes the storage root/);
    expect(outcomes.fileStorageAbsolute).toMatch(/NotFound|not found/);

    // Nothing of the host leaked into what the attacker could report, and nothing changed on the host.
    expect(JSON.stringify(record.result.attacker)).not.toContain(CANARY);
    expect(await readFile(canaryFile, "utf8")).toBe(CANARY);
    expect(existsSync(join(outside, "written-by-logic.txt"))).toBe(false);
    expect(connections).toBe(before);
    expect(({} as Record<string, unknown>).pollutedByLogic).toBeUndefined();
    // The victim ran beside it with its own session intact.
    expect(record.result.victim).toEqual({ called: "run", session: { "victim-session": CANARY } });
  });
});
