/** As the SDK's result test: finalize a value and set the code in one chain, nothing awaited. */
import { AggregatorLogic, LoggingAgent, Logic, ResultAgent, type RailwayError } from "@fstnetwork/logic";

@Logic()
export default class TestResult extends AggregatorLogic {
  async run() {
    ResultAgent.finalize({
      fstnetwork: "awesome",
      magicNumber: 9487,
      result2: null,
      error: null,
    }).httpStatusCode(200);
  }

  async handleError(error: RailwayError) {
    LoggingAgent.error(`${error}`);
  }
}
