/**
 * What the bench hands a measurement child (on its stdin) and what the child answers (one JSON
 * line on its stdout), validated on both sides.
 */
import { join } from "node:path";
import { z } from "zod";

export const APPROACHES = ["baseline", "data-process"] as const;
export type Approach = (typeof APPROACHES)[number];

export const grafxAccessSchema = z.object({
  url: z.url(),
  authUrl: z.url(),
  environment: z.string().min(1),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
});
export type GrafxAccess = z.infer<typeof grafxAccessSchema>;

export const childJobSchema = z.object({
  approach: z.enum(APPROACHES),
  grafx: grafxAccessSchema,
  /** Run once before measuring, so both sides measure warm code and open connections. */
  warmupTaskIds: z.array(z.string()),
  taskIds: z.array(z.string()).min(1),
  /** The child writes its output files under `<workDir>/orders` and runtime state under `<workDir>/state`. */
  workDir: z.string().min(1),
  concurrency: z.number().int().positive(),
  /** Data process only: one execution per order, all started at once (else one execution for all). */
  executionPerOrder: z.boolean(),
  maxDownloadBytes: z.number().int().positive(),
  sampleEveryMs: z.number().int().positive(),
});
export type ChildJob = z.infer<typeof childJobSchema>;

export const rssSummarySchema = z.object({
  startBytes: z.number(),
  peakBytes: z.number(),
  peakGrowthBytes: z.number(),
  samples: z.number().int(),
  /** The kernel's own peak (VmHWM, reset at the start), when Linux lets us read it; sampling can miss a short spike. */
  kernelPeakGrowthBytes: z.number().nullable(),
  /** Each process summed (the Node process, the runtime's Deno host): its own start and peak. */
  processes: z.array(
    z.object({
      pid: z.number().int(),
      label: z.string(),
      startBytes: z.number(),
      peakBytes: z.number(),
      /** CPU time (user + system) it used over the run, ms; null when it was gone at the end. */
      cpuMs: z.number().nullable(),
    }),
  ),
});
export type RssSummary = z.infer<typeof rssSummarySchema>;

export const childResultSchema = z.object({
  approach: z.enum(APPROACHES),
  /** Starting the approach (for the data process: the runtime, logics loaded). */
  setupMs: z.number(),
  warmupMs: z.number(),
  /** The measured run only. */
  wallMs: z.number(),
  /** Orders the approach itself reported as downloaded. */
  downloaded: z.number().int(),
  /** The execution's status code (data process only). */
  status: z.number().int().nullable(),
  rss: rssSummarySchema,
  /** Anything odd seen during the run (a helper process replaced…). */
  notes: z.array(z.string()),
  /** Data process only: logic isolates the runtime started during the measured run (not the warm-up). */
  isolatesStarted: z.number().int().nullable().optional(),
  /** Data process, one execution only: where its time went (./execution-phases). */
  phasesMs: z.object({ readOrdersMs: z.number(), checksMs: z.number(), finishMs: z.number() }).nullable().optional(),
});
export type ChildResult = z.infer<typeof childResultSchema>;

export const ordersDirOf = (workDir: string) => join(workDir, "orders");
export const stateDirOf = (workDir: string) => join(workDir, "state");
