/**
 * finalize called several times: the task result merges by top-level key (a later value for a
 * key replaces the earlier one whole). Both methods return the agent itself.
 */
import { AggregatorLogic, Logic, LoggingAgent, LogicVariable, ResultAgent, type RailwayError } from "@fstnetwork/logic";

@Logic()
export default class TestResultMerge extends AggregatorLogic {
  async run() {
    const first = ResultAgent.finalize({ orders: { accepted: 1, rejected: 0 }, batch: "a" });
    const second = first.httpStatusCode(201).finalize({ orders: { accepted: 2 }, summary: "two accepted" });
    ResultAgent.finalize({ chained: first === ResultAgent && second === ResultAgent });
    const status = LogicVariable.get("STATUS");
    if (status !== null) ResultAgent.httpStatusCode(Number(status));
  }

  async handleError(error: RailwayError) {
    LoggingAgent.error(`${error}`);
  }
}
