/** The bench's file-creation probe: real files in a fresh folder, a time per create, nothing deleted. */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { probeFileCreation } from "../../scripts/bench/file-create-probe";

describe("probeFileCreation", () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });
  const freshRoot = () => {
    const root = mkdtempSync(join(tmpdir(), "probe-test-"));
    roots.push(root);
    return root;
  };

  it("creates the files in a folder of its own, keeps them, and answers µs per create", () => {
    const dir = join(freshRoot(), "probe");
    const us = probeFileCreation(dir, 25);
    expect(Number.isInteger(us) && us >= 0).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(Array.from({ length: 25 }, (_, index) => `probe-${index}`).sort());
  });

  it("refuses a folder that exists: a probe never times creates among older files", () => {
    const root = freshRoot();
    expect(() => probeFileCreation(root, 3)).toThrow(/EEXIST/);
    expect(readdirSync(root)).toEqual([]);
  });
});
