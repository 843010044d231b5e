/** As the SDK's sample data process (generic A): leaves values for the later logics. */
import { GenericLogic, Logic, LoggingAgent, SessionStorageAgent, type RailwayError } from "@fstnetwork/logic";

@Logic()
export default class GenericA extends GenericLogic {
  async run() {
    await SessionStorageAgent.putJson("fstnetwork", 6000 as number);
    await SessionStorageAgent.putJson("writtenBy", this.context.task.dataProcess.name);
  }

  async handleError(error: RailwayError) {
    LoggingAgent.error(`${error}`);
  }
}
