export interface StopProcessOptions {
  /** How long SIGTERM may take before SIGKILL; 0 kills at once. */
  graceMs?: number;
  /** How long to wait for the process to be gone after SIGKILL. */
  killWaitMs?: number;
}

/**
 * Ends a process by pid and resolves once it is gone: SIGTERM, then SIGKILL past the grace period.
 * Polls, since an unrelated process (a detached broker) gives no exit event to wait on.
 */
export async function stopProcess(pid: number, { graceMs = 30_000, killWaitMs = 10_000 }: StopProcessOptions = {}): Promise<void> {
  if (!isAlive(pid)) return;
  if (graceMs > 0) {
    signal(pid, "SIGTERM");
    if (await waitForExit(pid, graceMs)) return;
  }
  signal(pid, "SIGKILL");
  if (!(await waitForExit(pid, killWaitMs))) throw new Error(`process ${pid} is still running after SIGKILL`);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}
