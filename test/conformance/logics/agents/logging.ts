/** As the SDK's logging test: every level, a string and an object; console output is not a log. */
import { GenericLogic, Logic, LoggingAgent, type RailwayError } from "@fstnetwork/logic";

@Logic()
export default class TestLogging extends GenericLogic {
  async run() {
    LoggingAgent.error("error log");
    LoggingAgent.warn("warn log");
    LoggingAgent.info("info log");
    LoggingAgent.debug("debug log");
    LoggingAgent.trace("trace log");

    LoggingAgent.info({
      abc: 87,
    });
    LoggingAgent.warn({ nested: { list: [1, "two", null] } });
    LoggingAgent.log("Info", "through log(level, value)");

    console.log("console output stays out of the execution's logs");
  }

  async handleError(error: RailwayError) {
    LoggingAgent.error(`${error}`);
  }
}
