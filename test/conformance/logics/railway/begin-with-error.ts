/** As the SDK's railway begin-with-error test: on a railway already in error only handleError runs. */
import { GenericLogic, Logic, LoggingAgent, type RailwayError } from "@fstnetwork/logic";

@Logic()
export default class TestRailwayBeginWithError extends GenericLogic {
  async run() {
    LoggingAgent.info("on Railway Ok");
  }

  async handleError(error: RailwayError) {
    LoggingAgent.info("on Railway Error");
    LoggingAgent.info(`Logic Permanent Identity: ${error.logicPermanentIdentity}`);
    LoggingAgent.info(`Logic Revision: ${error.logicRevision}`);
    LoggingAgent.info(`Err: ${error.message}`);
  }
}
