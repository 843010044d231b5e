/** The error a railway carries after a logic failed: its name and message, and which logic failed. */
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
