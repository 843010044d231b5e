/**
 * Every process the bench started, directly or through the runtime (servers, measurement children,
 * their Deno hosts, the Kafka broker), remembered by pid and command so that the bench can check at
 * its end that none outlived its measurement — a Deno host left behind by a runtime that died is a
 * runtime defect worth reporting — and end any that did. A pid is only ever signalled while it
 * still runs the command it was remembered with, so a reused pid is never touched.
 */
import { commandOf } from "./process-rss";

interface Remembered {
  pid: number;
  command: string;
  what: string;
}

const started = new Map<number, Remembered>();

export function remember(pid: number | undefined, command: string, what: string): void {
  if (pid !== undefined) started.set(pid, { pid, command, what });
}

/** Forget one that was stopped on purpose and waited for (a detached broker, for instance). */
export function forget(pid: number): void {
  started.delete(pid);
}

function stillRunning({ pid, command }: Remembered): boolean {
  const now = commandOf(pid);
  // comm is at most 15 characters.
  return now !== null && now === command.slice(0, 15);
}

/**
 * The remembered processes still running after `graceMs` (children take a moment to exit after
 * their parent closed them): each is ended with SIGKILL and described in the returned lines.
 */
export async function endLeftovers(graceMs = 3_000): Promise<string[]> {
  const deadline = Date.now() + graceMs;
  let alive = [...started.values()].filter(stillRunning);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    alive = alive.filter(stillRunning);
  }
  for (const process_ of alive) {
    try {
      process.kill(process_.pid, "SIGKILL");
    } catch {
      // Gone meanwhile.
    }
  }
  return alive.map(({ pid, command, what }) => `${what} (${command}, pid ${pid}) was still running ${graceMs} ms after its measurement ended; killed`);
}
