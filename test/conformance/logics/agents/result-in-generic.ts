/** ResultAgent belongs to the aggregator: in a generic logic its calls change nothing. */
import { GenericLogic, Logic, LoggingAgent, ResultAgent, type RailwayError } from "@fstnetwork/logic";

@Logic()
export default class ResultInGeneric extends GenericLogic {
  async run() {
    ResultAgent.finalize({ fromGeneric: true }).httpStatusCode(418);
  }

  async handleError(error: RailwayError) {
    LoggingAgent.error(`${error}`);
  }
}
