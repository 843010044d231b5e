/** As the SDK's logic variable test: an unset variable is null, a set one its string. */
import { GenericLogic, Logic, LogicVariable, LoggingAgent, type RailwayError } from "@fstnetwork/logic";

@Logic()
export default class TestLogicVariable extends GenericLogic {
  async run() {
    const homeless = LogicVariable.get("homeless");
    const doge = LogicVariable.get("shibainu");

    LoggingAgent.info({
      homeless: homeless === null,
    });

    LoggingAgent.info({
      shibainu: doge,
    });
  }

  async handleError(error: RailwayError) {
    LoggingAgent.error(`${error}`);
  }
}
