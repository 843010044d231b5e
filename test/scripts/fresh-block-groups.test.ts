/** The bench's work root spread over fresh block groups: what it reports is what the folder holds. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { QUIET_CREATE_US, spreadOverFreshBlockGroups, stageFolder } from "../../scripts/bench/fresh-block-groups";

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

  it("gives a stage a fresh folder of its own under the work root, probed, trying again only while creates are slow", () => {
    const root = mkdtempSync(join(tmpdir(), "spread-test-"));
    roots.push(root);
    const folder = stageFolder(root, "kafka", 3);
    expect(folder.dir.startsWith(join(root, "kafka-"))).toBe(true);
    expect(readdirSync(join(folder.dir, "file-create-probe"))).toHaveLength(200);
    expect(readdirSync(root)).toHaveLength(folder.tries);
    // Stopped at the first quiet folder, or tried all three.
    expect(folder.createUs <= QUIET_CREATE_US ? folder.tries >= 1 : folder.tries === 3).toBe(true);

    const once = stageFolder(root, "batch", 1);
    expect(once.tries).toBe(1);
    expect(readdirSync(root).filter((name) => name.startsWith("batch-"))).toEqual([once.dir.slice(root.length + 1)]);
  });
});
