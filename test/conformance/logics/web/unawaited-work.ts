/**
 * Work a logic starts in run and does not await: a timer, and a host operation started from it.
 * The isolate's event loop runs on after run until no timer and no host operation is pending, so
 * both land.
 */
import { GenericLogic, Logic, SessionStorageAgent, type RailwayError } from "@fstnetwork/logic";

@Logic()
export default class UnawaitedWork extends GenericLogic {
  async run() {
    setTimeout(() => {
      void SessionStorageAgent.putString("late", "written after run returned");
    }, 20);
  }

  async handleError(_error: RailwayError) {}
}
