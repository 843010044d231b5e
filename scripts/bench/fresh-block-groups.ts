/**
 * Puts each bench stage's files in a fresh ext4 block group. On ext4 without a journal (this
 * machine's root file system) the kernel, picking an inode for a new file in a folder's block
 * group, skips every free inode of that group deleted before whose inode-table block is still
 * cached (`recently_deleted()`, fs/ext4/ialloc.c): in a group where earlier test and bench runs
 * deleted thousands of files, every create walks them, ~0.5 ms of kernel CPU instead of ~20 µs.
 * A journaled ext4 (what users' machines have) never does this.
 *
 * The work root is marked "top of a directory hierarchy" (`chattr +T`): ext4 then places each of
 * its sub-folders as it places top-level ones, in a little-used block group chosen from the
 * folder's name. Each stage gets a sub-folder with a random name, probed with a few creates; one
 * that lands where a previous run's clean-up left its deleted inodes is set aside for another
 * (README, "Where the time goes", the disk).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { probeFileCreation } from "./file-create-probe";

export type Spread = { applied: true } | { applied: false; why: string };

/** Sets the TOPDIR flag on `dir`; where the file system or the machine cannot, says why. */
export function spreadOverFreshBlockGroups(dir: string): Spread {
  const result = spawnSync("chattr", ["+T", dir], { encoding: "utf8" });
  if (result.error) return { applied: false, why: `chattr: ${result.error.message}` };
  if (result.status !== 0) return { applied: false, why: `chattr +T: ${(result.stderr || `exit ${result.status}`).trim()}` };
  return { applied: true };
}

/** A create this slow means the folder's group walks deleted inodes (a quiet one: ~15–25 µs). */
export const QUIET_CREATE_US = 60;
const PLACEMENT_TRIES = 8;

export interface StageFolder {
  dir: string;
  /** µs per create in it, measured before the stage (./file-create-probe). */
  createUs: number;
  /** How many folders were tried (set-aside ones stay until the work root goes). */
  tries: number;
}

/** A fresh folder for `stage` under `workRoot`: the first that creates quietly, else the quickest of a few. */
export function stageFolder(workRoot: string, stage: string, tries = PLACEMENT_TRIES): StageFolder {
  let best: { dir: string; createUs: number } | undefined;
  let tried = 0;
  while (tried < tries && !(best && best.createUs <= QUIET_CREATE_US)) {
    tried += 1;
    const dir = mkdtempSync(join(workRoot, `${stage}-`));
    const createUs = probeFileCreation(join(dir, "file-create-probe"));
    if (!best || createUs < best.createUs) best = { dir, createUs };
  }
  return { ...best!, tries: tried };
}
