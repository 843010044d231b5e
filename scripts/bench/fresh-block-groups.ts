/**
 * Puts the bench's folders in fresh ext4 block groups. On ext4 without a journal (this machine's
 * root file system) the kernel, picking an inode for a new file in a folder's block group, skips
 * every free inode of that group deleted in the hours before whose inode-table block is still
 * cached (`recently_deleted()`, fs/ext4/ialloc.c): in a group where earlier test and bench runs
 * deleted thousands of files, every create walks them, ~0.5 ms of kernel CPU instead of ~20 µs.
 * A journaled ext4 (what users' machines have) never does this. Marked "top of a directory
 * hierarchy" (`chattr +T`), the work root's sub-folders are spread to the least used block
 * groups, as top-level folders are, so the runtime's file writes cost what they cost on a disk
 * without that history (README, "Where the time goes", the disk).
 */
import { spawnSync } from "node:child_process";

export type Spread = { applied: true } | { applied: false; why: string };

/** Sets the TOPDIR flag on `dir`; where the file system or the machine cannot, says why. */
export function spreadOverFreshBlockGroups(dir: string): Spread {
  const result = spawnSync("chattr", ["+T", dir], { encoding: "utf8" });
  if (result.error) return { applied: false, why: `chattr: ${result.error.message}` };
  if (result.status !== 0) return { applied: false, why: `chattr +T: ${(result.stderr || `exit ${result.status}`).trim()}` };
  return { applied: true };
}
