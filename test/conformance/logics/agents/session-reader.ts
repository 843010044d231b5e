/** As the SDK's sample data process (generic B): reads what generic A left, writes for the aggregator. */
import { GenericLogic, Logic, LoggingAgent, SessionStorageAgent, type RailwayError } from "@fstnetwork/logic";

@Logic()
export default class GenericB extends GenericLogic {
  async run() {
    const value = (await SessionStorageAgent.get("fstnetwork")) as number;
    await SessionStorageAgent.putJson("kuma", Number(value) + 6000);
  }

  async handleError(error: RailwayError) {
    LoggingAgent.error(`${error}`);
  }
}
