/** Class form (SDK 0.10): a generic logic reading its payload and task through `this.context`. */
import { GenericLogic, Logic, LoggingAgent, SessionStorageAgent, type RailwayError } from "@fstnetwork/logic";

@Logic()
export default class ClassFormGeneric extends GenericLogic {
  async run() {
    const payload = await this.context.payload();
    const task = this.context.task;
    // The aliases LOC adds for older SDKs; the 0.10 type leaves them out.
    const aliases = task as unknown as { taskId: { id: string; executionId: string }; startAt: string };

    await SessionStorageAgent.putJson("class-generic", {
      payloadKinds: Object.keys(payload),
      taskKey: task.taskKey,
      taskId: aliases.taskId,
      startTimestamp: task.startTimestamp,
      startAt: aliases.startAt,
      dataProcess: task.dataProcess.name,
      currentLogic: task.currentLogic?.name,
      executedLogics: task.executedLogics.map((logic) => logic.name),
      samePayloadObject: (await this.context.payload()) === payload,
    });
  }

  async handleError(error: RailwayError) {
    LoggingAgent.error(`${error}`);
  }
}
