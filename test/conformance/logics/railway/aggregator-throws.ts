/** An aggregator whose run throws: its own handleError answers, with the code it chooses. */
import { AggregatorLogic, Logic, ResultAgent, type RailwayError } from "@fstnetwork/logic";

@Logic()
export default class AggregatorThrows extends AggregatorLogic {
  async run() {
    ResultAgent.finalize({ partial: true });
    throw new RangeError("total out of range");
  }

  async handleError(error: RailwayError) {
    ResultAgent.finalize({ handled: { name: error.name, message: error.message } }).httpStatusCode(500);
  }
}
