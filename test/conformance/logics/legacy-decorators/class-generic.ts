/**
 * Class form compiled with legacy decorators (`experimentalDecorators`), as the real SDK's own
 * test logics are: @Logic() runs as a legacy class decorator.
 */
import { GenericLogic, Logic, LoggingAgent, SessionStorageAgent, type RailwayError } from "@fstnetwork/logic";

@Logic()
export default class LegacyDecoratedGeneric extends GenericLogic {
  async run() {
    await SessionStorageAgent.putJson("legacy-generic", {
      currentLogic: this.context.task.currentLogic?.name,
      payloadKinds: Object.keys(await this.context.payload()),
    });
  }

  async handleError(error: RailwayError) {
    LoggingAgent.error(`${error}`);
  }
}
