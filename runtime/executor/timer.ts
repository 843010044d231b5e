/** Cancellable waits for the task runner's races (never keeping the process alive). */
export interface Timer {
  /** Resolves when the time is up; never rejects. */
  elapsed: Promise<void>;
  cancel(): void;
}

export function startTimer(ms: number): Timer {
  let handle: NodeJS.Timeout | undefined;
  const elapsed = new Promise<void>((resolve) => {
    handle = setTimeout(resolve, ms);
    handle.unref();
  });
  return { elapsed, cancel: () => clearTimeout(handle) };
}

/** Resolves when `signal` aborts; `cancel` removes the listener. */
export function whenAborted(signal: AbortSignal): Timer {
  let cancel = () => {};
  const elapsed = new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = () => resolve();
    signal.addEventListener("abort", onAbort, { once: true });
    cancel = () => signal.removeEventListener("abort", onAbort);
  });
  return { elapsed, cancel };
}
