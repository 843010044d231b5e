/**
 * How long creating a file takes in a folder right now, measured before each stage: on this
 * machine's unjournaled ext4 a create in a block group where thousands of files were deleted
 * costs ~0.5–0.8 ms of kernel CPU instead of ~20 µs (./fresh-block-groups says why), and every
 * figure that writes files moves with it.
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
