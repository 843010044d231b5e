/** As the SDK's empty aggregator logic: does nothing on either track. */
import { AggregatorLogic, Logic, type RailwayError } from "@fstnetwork/logic";

@Logic()
export default class EmptyAggregatorLogic extends AggregatorLogic {
  async run() {}

  async handleError(_error: RailwayError) {}
}
