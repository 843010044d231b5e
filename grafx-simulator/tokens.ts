import { randomBytes } from "node:crypto";

export type TokenCheck = "missing" | "invalid" | "expired" | "valid";

/** Opaque bearer tokens with an expiry; never revocable by the client, as in GraFx. */
export class TokenStore {
  private readonly expiresAt = new Map<string, number>();
  private issuedCount = 0;

  constructor(private readonly now: () => number = Date.now) {}

  get issued(): number {
    return this.issuedCount;
  }

  issue(lifetimeSeconds: number): string {
    const token = randomBytes(32).toString("base64url");
    this.expiresAt.set(token, this.now() + lifetimeSeconds * 1000);
    this.issuedCount += 1;
    return token;
  }

  /** Every token issued so far is expired from now on. */
  expireAll(): void {
    const now = this.now();
    for (const token of this.expiresAt.keys()) this.expiresAt.set(token, now);
  }

  /** Checks an `Authorization` header value (`Bearer <token>`, scheme case-insensitive). */
  check(authorization: string | undefined): TokenCheck {
    if (!authorization) return "missing";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const expiresAt = match?.[1] === undefined ? undefined : this.expiresAt.get(match[1]);
    if (expiresAt === undefined) return "invalid";
    return this.now() < expiresAt ? "valid" : "expired";
  }
}
