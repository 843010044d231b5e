import { vi } from "vitest";
import type { GrafxSimulator, RecordedRequest } from "../../../grafx-simulator";

/**
 * Resolves once the simulator has received a request of this stage for this task (answered or not:
 * requests are recorded on arrival, before any latency fault). The simulator has no request event,
 * only its request log, so this polls that log with a deadline.
 */
export async function simulatorReceived(sim: GrafxSimulator, stage: RecordedRequest["stage"], taskId: string, timeoutMs = 20_000): Promise<RecordedRequest> {
  return vi.waitFor(
    () => {
      const found = sim.requests.find((request) => request.stage === stage && request.path.includes(taskId));
      if (!found) throw new Error(`the simulator received no ${stage} request for task ${taskId}`);
      return found;
    },
    { timeout: timeoutMs, interval: 10 },
  );
}
