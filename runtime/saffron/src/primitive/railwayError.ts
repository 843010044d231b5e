/** The railway's error as a logic's `handleError` receives it: which logic failed, and how. */
export class RailwayError extends Error {
  logicPermanentIdentity: string;
  logicRevision: number;

  constructor(name: string, message: string, logicPermanentIdentity: string, logicRevision: number) {
    super(message);
    this.name = name;
    this.logicPermanentIdentity = logicPermanentIdentity;
    this.logicRevision = logicRevision;
  }
}
