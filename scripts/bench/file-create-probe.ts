/**
 * How long creating a file takes on the bench's disk right now, measured before each stage: on
 * ext4 without a journal (this machine's root file system) the kernel skips the block group's
 * inodes deleted before (while their inode-table blocks are cached) when it picks one for a new
 * file (`recently_deleted()` in fs/ext4/ialloc.c), so after thousands of deletions — a previous
 * stage's or run's clean-up, the order logics' own pending records, another program — each create
 * walks them all and costs ~0.5–0.8 ms of kernel CPU instead of ~20 µs. Every figure that writes
 * files moves with it; the probe shows the state each stage met (./fresh-block-groups; README,
 * "Where the time goes").
 */
import { closeSync, mkdirSync, openSync } from "node:fs";
import { join } from "node:path";

export const PROBE_FILES = 200;

/**
 * Creates `files` empty files in `dir` (made, must not exist yet) and returns the mean time per
 * create in µs. The files stay: deleting them would itself slow the creates that follow.
 */
export function probeFileCreation(dir: string, files = PROBE_FILES): number {
  mkdirSync(dir);
  const started = performance.now();
  for (let index = 0; index < files; index++) closeSync(openSync(join(dir, `probe-${index}`), "wx"));
  return Math.round(((performance.now() - started) * 1000) / files);
}
