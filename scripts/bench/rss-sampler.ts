/**
 * Samples the resident set size of a group of processes — the local runtime is its Node process
 * PLUS its Deno host child — every few milliseconds, and keeps the highest SUM seen (the memory
 * the machine had to give the runtime at once) and each process's own peak. Read from
 * /proc/<pid>/status (VmRSS), so it works for this process and for any other one alike.
 *
 * The sampling runs in its own worker thread: the main thread can be busy for tens of milliseconds
 * copying a large buffer, or answering 200 requests, exactly when memory peaks. The kernel's own
 * peak of each process (VmHWM, reset at `begin`) is read at the end as a check that no spike fell
 * between samples; summed over the processes it is an upper bound (their peaks need not coincide).
 * Each process's CPU time over the same span is kept too: it tells a run bound by CPU from one
 * bound by waiting.
 */
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import type { RssSummary } from "./job";
import { cpuMs, peakResidentBytes, residentBytes, resetPeakResident } from "./process-rss";

/** Processes one sampler can sum. */
const MAX_PROCESSES = 8;
/** Slots of the shared counters: samples taken, the peak of the sum, then each process's peak. */
const SAMPLES = 0;
const SUM_PEAK = 1;
const PROCESS_PEAK = 2;

// Plain JavaScript (eval'd). Raises the shared maxima lock-free; a process that is gone counts 0.
const SAMPLER_SOURCE = `
const { readFileSync } = require("node:fs");
const { workerData, parentPort } = require("node:worker_threads");
const counters = new BigInt64Array(workerData.counters);
const pids = new Int32Array(workerData.pids);
const raise = (slot, value) => {
  for (;;) {
    const peak = Atomics.load(counters, slot);
    if (value <= peak || Atomics.compareExchange(counters, slot, peak, value) === peak) return;
  }
};
const rssOf = (pid) => {
  try {
    const match = /^VmRSS:\\s+(\\d+)\\s+kB$/m.exec(readFileSync("/proc/" + pid + "/status", "utf8"));
    return match ? BigInt(match[1]) * 1024n : 0n;
  } catch {
    return 0n;
  }
};
const sample = () => {
  let sum = 0n;
  for (let slot = 0; slot < pids.length; slot++) {
    const pid = Atomics.load(pids, slot);
    if (pid === 0) continue;
    const rss = rssOf(pid);
    raise(${PROCESS_PEAK} + slot, rss);
    sum += rss;
  }
  raise(${SUM_PEAK}, sum);
  Atomics.add(counters, ${SAMPLES}, 1n);
};
sample();
setInterval(sample, workerData.everyMs);
parentPort.postMessage("sampling");
`;

export interface SampledProcess {
  pid: number;
  /** What it is, for the report: "node", "deno"… */
  label: string;
}

export interface RssSampler {
  /** Adds a process to the sum from now on (e.g. the Deno host once it is known). */
  track(process: SampledProcess): void;
  /** Starts counting from now: the current sum is the start value, the peak starts there too. */
  begin(): void;
  /** Stops sampling (after one last sample) and summarizes since `begin`. */
  end(): Promise<RssSummary>;
}

/** Starts the sampling thread over these processes (more can be added with `track`). */
export async function startRssSampler(everyMs: number, processes: readonly SampledProcess[]): Promise<RssSampler> {
  const counters = new BigInt64Array(new SharedArrayBuffer((PROCESS_PEAK + MAX_PROCESSES) * BigInt64Array.BYTES_PER_ELEMENT));
  const pids = new Int32Array(new SharedArrayBuffer(MAX_PROCESSES * Int32Array.BYTES_PER_ELEMENT));
  const tracked: SampledProcess[] = [];
  const startOf: number[] = [];
  const cpuStartOf: number[] = [];
  let kernelPeakKnown = false;
  let begun = false;

  const raise = (slot: number, value: bigint) => {
    for (;;) {
      const peak = Atomics.load(counters, slot);
      if (value <= peak || Atomics.compareExchange(counters, slot, peak, value) === peak) return;
    }
  };
  const track = (process: SampledProcess) => {
    if (tracked.some((known) => known.pid === process.pid)) return;
    if (tracked.length >= MAX_PROCESSES) throw new Error(`rss sampler: at most ${MAX_PROCESSES} processes`);
    const slot = tracked.length;
    tracked.push(process);
    // A process added after `begin` starts from its current size: its growth counts from there.
    if (begun) kernelPeakKnown &&= resetPeakResident(process.pid);
    startOf[slot] = residentBytes(process.pid) ?? 0;
    cpuStartOf[slot] = cpuMs(process.pid) ?? 0;
    Atomics.store(counters, PROCESS_PEAK + slot, BigInt(startOf[slot]));
    Atomics.store(pids, slot, process.pid);
  };
  for (const process of processes) track(process);

  const worker = new Worker(SAMPLER_SOURCE, { eval: true, workerData: { counters: counters.buffer, pids: pids.buffer, everyMs } });
  await once(worker, "message");
  let startBytes = 0;

  const lastSample = () => {
    let sum = 0n;
    tracked.forEach((process, slot) => {
      const rss = BigInt(residentBytes(process.pid) ?? 0);
      raise(PROCESS_PEAK + slot, rss);
      sum += rss;
    });
    raise(SUM_PEAK, sum);
  };

  return {
    track,
    begin() {
      begun = true;
      kernelPeakKnown = tracked.map((process) => resetPeakResident(process.pid)).every(Boolean);
      startBytes = 0;
      tracked.forEach((process, slot) => {
        startOf[slot] = residentBytes(process.pid) ?? 0;
        cpuStartOf[slot] = cpuMs(process.pid) ?? 0;
        startBytes += startOf[slot]!;
        Atomics.store(counters, PROCESS_PEAK + slot, BigInt(startOf[slot]!));
      });
      Atomics.store(counters, SUM_PEAK, BigInt(startBytes));
      Atomics.store(counters, SAMPLES, 0n);
    },
    async end() {
      lastSample();
      const cpuEnd = tracked.map((process) => cpuMs(process.pid));
      const peakBytes = Number(Atomics.load(counters, SUM_PEAK));
      const samples = Number(Atomics.load(counters, SAMPLES)) + 1;
      const kernelPeaks = kernelPeakKnown ? tracked.map((process) => peakResidentBytes(process.pid)) : [];
      const kernelPeakGrowthBytes =
        kernelPeakKnown && kernelPeaks.every((peak) => peak !== null)
          ? Math.max(0, kernelPeaks.reduce<number>((sum, peak) => sum + peak!, 0) - startBytes)
          : null;
      await worker.terminate();
      return {
        startBytes,
        peakBytes,
        peakGrowthBytes: peakBytes - startBytes,
        samples,
        kernelPeakGrowthBytes,
        processes: tracked.map((process, slot) => ({
          pid: process.pid,
          label: process.label,
          startBytes: startOf[slot]!,
          peakBytes: Number(Atomics.load(counters, PROCESS_PEAK + slot)),
          cpuMs: cpuEnd[slot] === null || cpuEnd[slot] === undefined ? null : cpuEnd[slot]! - cpuStartOf[slot]!,
        })),
      };
    },
  };
}
