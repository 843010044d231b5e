/** Class form: the aggregator finalizing with what the generic logic left and its own context. */
import { AggregatorLogic, Logic, LoggingAgent, ResultAgent, SessionStorageAgent, type RailwayError } from "@fstnetwork/logic";

@Logic()
export default class ClassFormAggregator extends AggregatorLogic {
  async run() {
    const task = this.context.task;
    ResultAgent.finalize({
      generic: await SessionStorageAgent.get("class-generic"),
      aggregator: {
        currentLogic: task.currentLogic?.name,
        executedLogics: task.executedLogics.map((logic) => logic.name),
        payloadKinds: Object.keys(await this.context.payload()),
      },
    });
  }

  async handleError(error: RailwayError) {
    LoggingAgent.error(`${error}`);
  }
}
