/** An aggregator in the class form: finalizes the greeting under its own key. */
import { AggregatorLogic, Logic, ResultAgent, SessionStorageAgent, type RailwayError } from "@fstnetwork/loc-logic-sdk";

@Logic()
export default class GreetAggregator extends AggregatorLogic {
  async run() {
    const greeting = await SessionStorageAgent.get("greeting");
    ResultAgent.finalize({ greet: { greeting, taskKey: this.context.task.taskKey } }).httpStatusCode(200);
  }

  async handleError(error: RailwayError) {
    ResultAgent.finalize({ greet: { error: { name: error.name, message: error.message } } }).httpStatusCode(500);
  }
}
