/**
 * A task's railway: ok until a logic fails, then in error — with the failing logic's name and
 * message and which logic failed — for every later logic.
 */
import type { RailwayErrorRecord } from "../saffron/src/host-ops";
import type { LogicIdentity } from "../agents/agent";
import type { ErrorRecord } from "../isolate/protocol";

export class Railway {
  private failure: { error: ErrorRecord; logic: LogicIdentity } | undefined;

  get isOk(): boolean {
    return this.failure === undefined;
  }

  switch(error: ErrorRecord, logic: LogicIdentity): void {
    this.failure = { error: { name: error.name, message: error.message }, logic };
  }

  /** What `op_railway_get_error` answers; undefined while ok. */
  errorRecord(): RailwayErrorRecord | undefined {
    if (!this.failure) return undefined;
    const { error, logic } = this.failure;
    return { ...error, logicPermanentIdentity: logic.permanentIdentity, logicRevision: logic.revision };
  }

  /** How the task record shows it. */
  summary(): { name: string; message: string; logic: string } | undefined {
    return this.failure && { ...this.failure.error, logic: this.failure.logic.name };
  }
}
