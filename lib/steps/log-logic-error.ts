import type { Logger } from "../log";
import { stripUrlQueries } from "../redact";

/**
 * What a generic logic's handleError does: one log line naming the logic and the error (no
 * secret: our own messages never hold one, URL queries are dropped). The railway carries the error
 * on to the aggregator, which answers with it.
 */
export function logLogicError(log: Logger, logic: string, error: { name: string; message: string; logicPermanentIdentity?: string }): void {
  log.error({
    event: "logic-error",
    logic,
    error: { name: error.name, message: stripUrlQueries(error.message) },
    ...(error.logicPermanentIdentity && { failedLogic: error.logicPermanentIdentity }),
  });
}
