/**
 * The logging the order logics do: one structured line per event (`LoggingAgent` on LOC). Callers
 * never pass tokens or secrets; messages that came from outside are redacted before they get here.
 */
export interface Logger {
  info(entry: object): void;
  warn(entry: object): void;
  error(entry: object): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
