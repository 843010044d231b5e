import { FaultBook } from "./faults";
import type { SimulatorConfig } from "./options";
import { RequestLog } from "./request-log";
import { createTaskInputSchema, TaskStore } from "./tasks";
import { TokenStore } from "./tokens";
import { parseOrThrow } from "./validation";

/** Everything the endpoints share. */
export interface SimulatorState {
  config: SimulatorConfig;
  tasks: TaskStore;
  tokens: TokenStore;
  faults: FaultBook;
  log: RequestLog;
  /** Origins without a trailing slash, known once both servers listen. */
  apiUrl: string;
  secondOriginUrl: string;
  /** Aborted by close(): pending latencies stop waiting. */
  closing: AbortSignal;
}

export function createSimulatorState(config: SimulatorConfig, closing: AbortSignal): SimulatorState {
  return {
    config,
    tasks: new TaskStore({ durationMs: config.defaultTaskDurationMs, sizeBytes: config.defaultSizeBytes }),
    tokens: new TokenStore(),
    faults: new FaultBook(config.faults),
    log: new RequestLog(),
    apiUrl: "",
    secondOriginUrl: "",
    closing,
  };
}

/** Validates and registers a task (with its own faults, if any). Throws naming the bad fields. */
export function createTask(state: SimulatorState, input: unknown): { taskId: string } {
  const parsed = parseOrThrow(createTaskInputSchema, input ?? {}, "task");
  const task = state.tasks.create(parsed);
  if (parsed.faults) state.faults.setForTask(task.taskId, parsed.faults);
  return { taskId: task.taskId };
}

export function taskInfoUrl(state: SimulatorState, taskId: string): string {
  return `${state.apiUrl}/grafx/api/v1/environment/${encodeURIComponent(state.config.environment)}/output/tasks/${taskId}`;
}
