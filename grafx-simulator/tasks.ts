import { randomUUID } from "node:crypto";
import { z } from "zod";
import { faultListSchema } from "./faults";
import { contentTypeByFormat, outputFormatSchema, type OutputFormat } from "./formats";

export const createTaskInputSchema = z
  .object({
    /** A chosen task id (a GUID), e.g. one an example uses; a new one otherwise. */
    taskId: z.guid().optional(),
    format: outputFormatSchema.default("pdf"),
    /** How long the task stays "not finished" (status 204); the simulator's default otherwise. */
    durationMs: z.number().int().nonnegative().optional(),
    sizeBytes: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
    /** Overrides the format's Content-Type on download. */
    contentType: z.string().min(1).optional(),
    /** The task fails with this text (status 500) once its duration has passed. */
    fail: z.string().optional(),
    faults: faultListSchema.optional(),
  })
  .strict();

export type CreateTaskInput = z.input<typeof createTaskInputSchema>;

export interface OutputTask {
  taskId: string;
  format: OutputFormat;
  contentType: string;
  sizeBytes: number;
  createdAt: number;
  finishesAt: number;
  failure?: string;
}

export type TaskState = "pending" | "succeeded" | "failed";

export interface TaskDefaults {
  durationMs: number;
  sizeBytes: number;
}

/** The output tasks the simulator knows, by GUID. */
export class TaskStore {
  private readonly tasks = new Map<string, OutputTask>();

  constructor(
    private readonly defaults: TaskDefaults,
    private readonly now: () => number = Date.now,
  ) {}

  create(input: { taskId?: string; format: OutputFormat; durationMs?: number; sizeBytes?: number; contentType?: string; fail?: string }): OutputTask {
    const createdAt = this.now();
    const taskId = input.taskId?.toLowerCase() ?? randomUUID();
    if (this.tasks.has(taskId)) throw new Error(`invalid task: taskId ${taskId} exists already`);
    const task: OutputTask = {
      taskId,
      format: input.format,
      contentType: input.contentType ?? contentTypeByFormat[input.format],
      sizeBytes: input.sizeBytes ?? this.defaults.sizeBytes,
      createdAt,
      finishesAt: createdAt + (input.durationMs ?? this.defaults.durationMs),
      failure: input.fail,
    };
    this.tasks.set(task.taskId, task);
    return task;
  }

  /** Task ids are matched case-insensitively, as GUIDs are. */
  get(taskId: string): OutputTask | undefined {
    return this.tasks.get(taskId.toLowerCase());
  }

  stateOf(task: OutputTask): TaskState {
    if (this.now() < task.finishesAt) return "pending";
    return task.failure === undefined ? "succeeded" : "failed";
  }
}
