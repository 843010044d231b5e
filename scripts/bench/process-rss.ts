/**
 * What Linux says about a process's memory and its children, read from /proc: resident set size
 * (VmRSS), the kernel's own peak of it (VmHWM, resettable), and a process's child pids. The local
 * runtime is two processes — Node, and the Deno host its logic isolates run in — so its memory is
 * the sum of both. Every reader answers null (or nothing) where /proc is not there or the process
 * is gone, never throws.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";

function statusField(pid: number, field: "VmRSS" | "VmHWM"): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Resident set size in bytes; null when the process is gone (or this is not Linux). */
export const residentBytes = (pid: number): number | null => statusField(pid, "VmRSS");

/** The kernel's peak resident set size since the process started, or since `resetPeakResident`. */
export const peakResidentBytes = (pid: number): number | null => statusField(pid, "VmHWM");

/** Writing 5 to clear_refs resets VmHWM to the current RSS (Linux 4.0+); false where that is not allowed. */
export function resetPeakResident(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

/** USER_HZ: the unit of /proc/<pid>/stat's CPU times (100 on every Linux the bench runs on). */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time the process used so far, user + system, in ms; null when it is gone. */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command (field 2) may hold spaces and parentheses: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of the whole line, so 12 and 13 after the command.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** The direct children of a process (of all its threads: a child belongs to the thread that spawned it). */
export function childPidsOf(pid: number): number[] {
  const children = new Set<number>();
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  for (const thread of threads) {
    try {
      for (const child of readFileSync(`/proc/${pid}/task/${thread}/children`, "utf8").trim().split(/\s+/)) {
        if (child) children.add(Number(child));
      }
    } catch {
      // The thread ended meanwhile.
    }
  }
  return [...children];
}

/** The command name of a process (`node`, `deno`, `java`…), or null when it is gone. */
export function commandOf(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return null;
  }
}

/** The runtime's Deno host: the child of `pid` whose command is `deno` (undefined when none runs). */
export function denoChildOf(pid: number): number | undefined {
  return childPidsOf(pid).find((child) => commandOf(child) === "deno");
}

/** Waits (bounded) for the runtime's Deno host to show up as a child of `pid`. */
export async function waitForDenoChild(pid: number, timeoutMs = 5_000): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = denoChildOf(pid);
    if (found !== undefined || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
