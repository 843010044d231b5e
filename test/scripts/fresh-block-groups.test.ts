/** The bench's work root spread over fresh block groups: what it reports is what the folder holds. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { spreadOverFreshBlockGroups } from "../../scripts/bench/fresh-block-groups";

describe("spreadOverFreshBlockGroups", () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  it("marks a folder as a top of a directory hierarchy exactly when it says so", () => {
    const root = mkdtempSync(join(tmpdir(), "spread-test-"));
    roots.push(root);
    const spread = spreadOverFreshBlockGroups(root);
    const flags = spawnSync("lsattr", ["-d", root], { encoding: "utf8" });
    const marked = flags.status === 0 && /^\S*T\S*\s/.test(flags.stdout);
    expect(spread.applied).toBe(marked);
    if (!spread.applied) expect(spread.why).toMatch(/^chattr/);
  });

  it("says why when it cannot (a folder that does not exist)", () => {
    const spread = spreadOverFreshBlockGroups(join(tmpdir(), "spread-test-missing", "nowhere"));
    expect(spread).toEqual({ applied: false, why: expect.stringMatching(/^chattr.*No such file/) });
  });
});
