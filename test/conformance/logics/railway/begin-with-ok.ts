/** As the SDK's railway begin-with-ok test. */
import { GenericLogic, Logic, LoggingAgent, type RailwayError } from "@fstnetwork/logic";

@Logic()
export default class TestBeginWithOk extends GenericLogic {
  async run() {
    LoggingAgent.info("on Railway Ok");
  }

  async handleError(_error: RailwayError) {
    LoggingAgent.info("on Railway Error");
  }
}
