/** A misuse of the runtime itself (registering twice, running twice), not a logic's failure. */
export class RuntimeError extends Error {
  constructor(message?: string) {
    super(message);
    this.name = "RuntimeError";
  }
}
