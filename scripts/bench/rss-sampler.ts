/**
 * Samples this process's resident set size (which counts every thread, the runtime's logic workers
 * too) every few milliseconds. The sampling runs in its own worker thread: the main thread can be
 * busy for tens of milliseconds copying a large buffer, exactly when memory peaks. On Linux the
 * kernel's own peak (VmHWM) is read as well, as a check that no spike fell between samples.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import type { RssSummary } from "./job";

/** Slots of the shared counters. */
const PEAK = 0;
const SAMPLES = 1;

// Plain JavaScript (eval'd): keeps the highest RSS seen in shared memory, lock-free.
const SAMPLER_SOURCE = `
const { workerData, parentPort } = require("node:worker_threads");
const counters = new BigInt64Array(workerData.buffer);
const sample = () => {
  const rss = BigInt(process.memoryUsage.rss());
  for (;;) {
    const peak = Atomics.load(counters, ${PEAK});
    if (rss <= peak || Atomics.compareExchange(counters, ${PEAK}, peak, rss) === peak) break;
  }
  Atomics.add(counters, ${SAMPLES}, 1n);
};
sample();
setInterval(sample, workerData.everyMs);
parentPort.postMessage("sampling");
`;

/** Writing 5 to clear_refs resets VmHWM to the current RSS (Linux 4.0+); false where that is not allowed. */
function resetKernelPeak(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

function kernelPeakBytes(): number | null {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export interface RssSampler {
  /** Starts counting from now: the current RSS is the start value, the peak starts there too. */
  begin(): void;
  /** Stops sampling (after one last sample) and summarizes since `begin`. */
  end(): Promise<RssSummary>;
}

/** Starts the sampling thread (its own memory is then part of every value, the start included). */
export async function startRssSampler(everyMs: number): Promise<RssSampler> {
  const buffer = new SharedArrayBuffer(2 * BigInt64Array.BYTES_PER_ELEMENT);
  const counters = new BigInt64Array(buffer);
  const worker = new Worker(SAMPLER_SOURCE, { eval: true, workerData: { buffer, everyMs } });
  await once(worker, "message");
  let startBytes = 0;
  let kernelPeakKnown = false;
  const lastSample = () => {
    const rss = BigInt(process.memoryUsage.rss());
    for (;;) {
      const peak = Atomics.load(counters, PEAK);
      if (rss <= peak || Atomics.compareExchange(counters, PEAK, peak, rss) === peak) break;
    }
  };
  return {
    begin() {
      kernelPeakKnown = resetKernelPeak();
      startBytes = process.memoryUsage.rss();
      Atomics.store(counters, PEAK, BigInt(startBytes));
      Atomics.store(counters, SAMPLES, 0n);
    },
    async end() {
      lastSample();
      const peakBytes = Number(Atomics.load(counters, PEAK));
      const samples = Number(Atomics.load(counters, SAMPLES)) + 1;
      const kernelPeak = kernelPeakKnown ? kernelPeakBytes() : null;
      await worker.terminate();
      return {
        startBytes,
        peakBytes,
        peakGrowthBytes: peakBytes - startBytes,
        samples,
        kernelPeakGrowthBytes: kernelPeak === null ? null : Math.max(0, kernelPeak - startBytes),
      };
    },
  };
}
