import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { terminalText } from "../../runtime/cli/terminal-text";
import { runNode, type Outcome, type RunOptions } from "../helpers/run-process";
import { fixture, REPO_ROOT, tempDir } from "./helpers";

const BIN = join(REPO_ROOT, "bin", "loc-local.js");

function cli(args: string[], options: RunOptions): Promise<Outcome> {
  return runNode([BIN, ...args], options);
}

async function workspace() {
  const dir = await tempDir();
  await writeFile(join(dir, "order.json"), JSON.stringify({ orderId: 42 }));
  return dir;
}

function expectOneLine(outcome: Outcome, code: number, pattern: RegExp) {
  expect(outcome.code).toBe(code);
  expect(outcome.stdout).toBe("");
  expect(outcome.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(pattern)]);
  expect(outcome.stderr).not.toMatch(/\n\s+at /);
}

describe("loc-local run", () => {
  it("runs a logic written against the spec and prints the documented result", async () => {
    const cwd = await workspace();
    const outcome = await cli(["run", "--aggregator", fixture("echo-aggregator.ts"), "--payload", "order.json", "--state-dir", ".state"], { cwd });
    expect(outcome.code).toBe(0);
    const printed = JSON.parse(outcome.stdout);
    expect(Object.keys(printed)).toEqual(["executionId", "status", "result", "timedOut", "durationMs", "tasks"]);
    expect(printed).toMatchObject({ status: 200, result: { echo: { orderId: 42 }, method: "POST", path: "/manual" }, timedOut: false });
    expect(outcome.stderr).toMatch(/^\S+ INFO  [0-9a-f]{8} local\/echo-aggregator: echoing for task [0-9a-f-]{36}\n$/);
  });

  it("exits 1 for a 4xx status and 2 for a 5xx one, with agents and variables from the options", async () => {
    const cwd = await workspace();
    const run = (status: string) =>
      cli(
        [
          "run",
          "--generic",
          fixture("files-generic.ts"),
          "--aggregator",
          fixture("report-session.ts"),
          "--payload",
          "-",
          "--files",
          "files=out",
          "--var",
          `STATUS=${status}`,
          "--var",
          "REPORT_KEYS=files",
          "--state-dir",
          ".state",
        ],
        { cwd, stdin: "{}" },
      );
    const [notFound, unavailable] = await Promise.all([run("404"), run("503")]);
    expect(notFound.code).toBe(1);
    expect(unavailable.code).toBe(2);
    expect(JSON.parse(unavailable.stdout)).toMatchObject({ status: 503, result: { session: { files: { written: 9 } } } });
  });

  it("answers bad arguments and bad payload files with one line, never a stack trace", async () => {
    const cwd = await workspace();
    await writeFile(join(cwd, "broken.json"), "{ nope");
    const aggregator = fixture("echo-aggregator.ts");
    const [noPayload, unknownOption, missingFile, notJson, badPair, noCommand] = await Promise.all([
      cli(["run", "--aggregator", aggregator], { cwd }),
      cli(["run", "--aggregator", aggregator, "--payload", "order.json", "--bogus"], { cwd }),
      cli(["run", "--aggregator", aggregator, "--payload", "missing.json"], { cwd }),
      cli(["run", "--aggregator", aggregator, "--payload", "broken.json"], { cwd }),
      cli(["run", "--aggregator", aggregator, "--payload", "order.json", "--var", "NOEQUALS"], { cwd }),
      cli([], { cwd }),
    ]);
    expectOneLine(noPayload, 64, /--payload <file\|-> is required/);
    expectOneLine(unknownOption, 64, /unknown option "--bogus"/);
    expectOneLine(missingFile, 1, /payload missing\.json: cannot read it \(no such file\)/);
    expectOneLine(notJson, 1, /payload broken\.json: not valid JSON/);
    expectOneLine(badPair, 64, /--var expects NAME=VALUE, got "NOEQUALS"/);
    expectOneLine(noCommand, 64, /which command\?/);
  });
});

describe("loc-local execute and get", () => {
  it("runs a configured data process, and reads the stored execution back by id", async () => {
    const cwd = await workspace();
    await writeFile(
      join(cwd, "loc.config.json"),
      JSON.stringify({ stateDir: "state", dataProcesses: { echo: { aggregator: fixture("echo-aggregator.ts") } } }),
    );
    const executed = await cli(["execute", "echo", "--payload", "-"], { cwd, stdin: '{"via":"stdin"}' });
    expect(executed.code).toBe(0);
    const printed = JSON.parse(executed.stdout);
    expect(printed).toMatchObject({ status: 200, result: { echo: { via: "stdin" } } });

    const got = await cli(["get", printed.executionId], { cwd });
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({ executionId: printed.executionId, triggerType: "Manual", result: printed.result });
  });

  it("answers a bad configuration or an unknown data process with one line", async () => {
    const cwd = await workspace();
    await writeFile(join(cwd, "loc.config.json"), JSON.stringify({ dataProcesses: { echo: {} } }));
    await writeFile(join(cwd, "other.json"), JSON.stringify({ dataProcesses: { echo: { aggregator: "nowhere.js" } } }));
    const [badConfig, unknownProcess, missingLogic] = await Promise.all([
      cli(["execute", "echo", "--payload", "order.json"], { cwd }),
      cli(["execute", "nope", "--payload", "order.json", "--config", "other.json"], { cwd }),
      cli(["execute", "echo", "--payload", "order.json", "--config", "other.json"], { cwd }),
    ]);
    expectOneLine(badConfig, 1, /loc\.config\.json: dataProcesses\.echo\.aggregator: Required/);
    expectOneLine(unknownProcess, 64, /no data process "nope" in other\.json \(configured: echo\)/);
    expectOneLine(missingLogic, 1, /cannot read logic .*nowhere\.js: no such file \(is it built\? run `npm run build`\)/);
  });
});

/** Code points a terminal obeys: C0 controls but newline and tab, DEL, C1 controls (ESC is one of the C0). */
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;
const ORDER_PAYLOAD_AGGREGATOR = join(REPO_ROOT, "test", "fuzz", "fixtures", "order-payload-aggregator.ts");

describe("what loc-local prints to a terminal", () => {
  it("escapes every control code point but newline and tab, and JSON printed through it parses to the same value", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        const shown = terminalText(text);
        expect(shown).not.toMatch(TERMINAL_CONTROL);
        expect(terminalText(shown)).toBe(shown);
        expect(shown.replace(/\\u00[0-9a-f]{2}/g, "")).toBe(text.replace(new RegExp(TERMINAL_CONTROL, "gu"), ""));
        expect(JSON.parse(terminalText(JSON.stringify({ text })))).toEqual({ text });
      }),
      { numRuns: 2_000 },
    );
  });

  it("prints no raw control byte of a bad payload file (ESC sequences, NUL, C1) or of its name", async () => {
    const cwd = await workspace();
    await writeFile(join(cwd, "hostile.json"), Buffer.from("\u001b[2J\u001b]0;pwned\u0007\u0000\u009b31m not json", "utf8"));
    const aggregator = fixture("echo-aggregator.ts");
    const [notJson, missing] = await Promise.all([
      cli(["run", "--aggregator", aggregator, "--payload", "hostile.json"], { cwd }),
      cli(["run", "--aggregator", aggregator, "--payload", "gone\u001b[2J\r.json"], { cwd }),
    ]);
    expectOneLine(notJson, 1, /^loc-local: payload hostile\.json: not valid JSON \(Unexpected token '\\u001b', "\\u001b\[2J\\u001b\]0;pw/);
    expectOneLine(missing, 1, /^loc-local: payload gone\\u001b\[2J\\u000d\.json: cannot read it/);
    for (const outcome of [notJson, missing]) expect(outcome.stderr).not.toMatch(TERMINAL_CONTROL);
  });

  it("prints no raw control byte a payload carried into the result, the logs or a logic's console, and stdout still parses", async () => {
    const cwd = await workspace();
    const hostileKey = "\u001b[2J\u0000\u009b31m\u007f\r";
    const payload = { orders: [{ taskId: "\u001b]0;title\u0007", orderId: "\u009b2J" }], [hostileKey]: 1 };
    await writeFile(join(cwd, "payload.json"), JSON.stringify(payload));

    const outcome = await cli(["run", "--aggregator", ORDER_PAYLOAD_AGGREGATOR, "--payload", "payload.json", "--state-dir", ".state"], { cwd });

    expect(outcome.code).toBe(1);
    const printed = JSON.parse(outcome.stdout);
    expect(printed.result.grafx_order_handling.error.issues).toContain(`payload: Unrecognized key: "${hostileKey}"`);
    expect(outcome.stderr).toMatch(/WARN  [0-9a-f]{8} local\/order-payload-aggregator: .*Unrecognized key/);
    expect(outcome.stderr).toMatch(/console\.\w+\] payload refused: payload: Unrecognized key: "\\u001b\[2J\\u0000\\u009b31m\\u007f\\u000d"/);
    expect(outcome.stdout).not.toMatch(TERMINAL_CONTROL);
    expect(outcome.stderr).not.toMatch(TERMINAL_CONTROL);
  });
});

describe("help and version", () => {
  it("answers --help on every command with the usage and exit 0, running nothing", async () => {
    const dir = await workspace();
    for (const args of [["--help"], ["run", "--help"], ["execute", "grafx-order-handling", "--payload", "order.json", "--help"], ["serve", "-h"], ["get", "--help"]]) {
      const outcome = await cli(args, { cwd: dir });
      expect({ args, code: outcome.code, stderr: outcome.stderr }).toEqual({ args, code: 0, stderr: "" });
      expect(outcome.stdout).toMatch(/^loc-local — run LOC data processes locally[\s\S]*Examples:/);
    }
  });

  it("prints its version", async () => {
    const outcome = await cli(["--version"], { cwd: await workspace() });
    expect(outcome).toEqual({ code: 0, stdout: `loc-local ${JSON.parse(await readFile(join(REPO_ROOT, "package.json"), "utf8")).version}\n`, stderr: "" });
  });
});

describe("railway errors", () => {
  it("are said on stderr with the logic's name even when the code stays 200", async () => {
    const dir = await workspace();
    const outcome = await cli(
      ["run", "--generic", fixture("fail-first.ts"), "--aggregator", fixture("report-session.ts"), "--payload", "order.json", "--state-dir", join(dir, ".loc")],
      { cwd: dir },
    );
    expect(outcome.code).toBe(0);
    expect(JSON.parse(outcome.stdout).status).toBe(200);
    expect(outcome.stderr).toContain('loc-local: data process "local": logic "fail-first" failed: TypeError: order 42 has no product');
  });
});

describe("first run", () => {
  it("executes the README's example with no GraFx configured: the embedded simulator stands in", async () => {
    const dir = await workspace();
    await writeFile(join(dir, "orders.json"), JSON.stringify({ orders: [{ taskId: "3f74e586-2494-43fb-87ed-8697a629aa02" }] }));
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("GRAFX_") && name !== "ORDERS_DIR"));
    const args = ["execute", "grafx-order-handling", "--payload", join(dir, "orders.json"), "--config", join(REPO_ROOT, "loc.config.json"), "--state-dir", join(dir, ".loc")];
    const outcome = await cli(args, { cwd: dir, env });
    expect(outcome.stderr).toMatch(/loc-local: embedded GraFx simulator at http:\/\/127\.0\.0\.1:\d+/);
    expect(outcome.code).toBe(0);
    const summary = JSON.parse(outcome.stdout);
    expect(summary.result.grafx_order_handling.orders).toEqual([
      expect.objectContaining({ taskId: "3f74e586-2494-43fb-87ed-8697a629aa02", state: "downloaded", statusCode: 200, path: "sim-env/3f74e586-2494-43fb-87ed-8697a629aa02.pdf" }),
    ]);
  });
});

describe("the README's logic examples", () => {
  it("run as written with loc-local run", async () => {
    const dir = await workspace();
    const outcome = await cli(
      ["run", "--generic", "examples/greet-generic.ts", "--aggregator", "examples/greet-aggregator.ts", "--payload", "examples/greet.json", "--state-dir", join(dir, ".loc")],
      { cwd: REPO_ROOT },
    );
    expect(outcome.code).toBe(0);
    expect(JSON.parse(outcome.stdout)).toMatchObject({ status: 200, result: { greet: { greeting: { text: "Hello, Ada!" } } } });
  });
});
