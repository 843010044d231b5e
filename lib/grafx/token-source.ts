/**
 * The execution's GraFx token: from the LocalStorage cache or the token endpoint, asked for once
 * and refreshed at most once when GraFx refuses it. Concurrent orders share one refresh.
 */
import type { HttpClient } from "../http/client";
import { withRetries, type RetryClock, type RetryPolicy } from "../http/retry";
import type { Failure } from "./call-result";
import { cacheTtlSeconds, type TokenCache } from "./token-cache";
import { requestToken, type Credentials, type IssuedToken } from "./token-request";

export type TokenResult = { ok: true; token: string } | { ok: false; failure: Failure };

export interface TokenSourceOptions {
  client: HttpClient;
  credentials: Credentials;
  cache: TokenCache;
  policy: RetryPolicy;
  clock: RetryClock;
  timeoutMs: number;
  /** Epoch ms: no retry wait of a token request ends after it. */
  deadline?: number;
  /** Epoch ms: a token request still running is cut here. */
  stopAt?: number;
}

export class TokenSource {
  #current: Promise<TokenResult> | undefined;
  #refresh: Promise<TokenResult> | undefined;
  readonly #issued = new Set<string>();

  constructor(private readonly options: TokenSourceOptions) {}

  /** Every token this source handed out, so error texts can be redacted against them. */
  issuedTokens(): string[] {
    return [...this.#issued];
  }

  /** The cached token if still good, else a new one. */
  token(): Promise<TokenResult> {
    this.#current ??= this.#fromCacheOrEndpoint();
    return this.#current;
  }

  /**
   * GraFx refused `rejected`: a new token, once per execution, shared by every order that saw the
   * old one refused. When the refreshed token itself is refused, the credentials count as refused.
   */
  refresh(rejected: string): Promise<TokenResult> {
    if (this.#refresh) {
      return this.#refresh.then((result) =>
        result.ok && result.token === rejected
          ? { ok: false, failure: { reason: "credentials-refused", message: "GraFx refused the token, even a freshly issued one" } }
          : result,
      );
    }
    this.#refresh = this.options.cache
      .clear()
      .catch(() => undefined)
      .then(() => this.#fromEndpoint());
    this.#current = this.#refresh;
    return this.#refresh;
  }

  async #fromCacheOrEndpoint(): Promise<TokenResult> {
    const cached = await this.options.cache.read().catch(() => null);
    if (!cached) return this.#fromEndpoint();
    this.#issued.add(cached.accessToken);
    return { ok: true, token: cached.accessToken };
  }

  async #fromEndpoint(): Promise<TokenResult> {
    const { client, credentials, policy, clock, timeoutMs, cache, deadline, stopAt } = this.options;
    const outcome = await withRetries<IssuedToken, Failure>(
      async () => {
        const result = await requestToken(client, credentials, timeoutMs, clock.now, stopAt);
        if (result.kind === "ok") return { ok: true, value: result.value };
        if (result.kind === "unauthorized") return { ok: false, failure: { reason: "credentials-refused", message: result.message }, retryable: false };
        return { ok: false, failure: result.failure, retryable: result.retryable, retryAfterMs: result.retryAfterMs };
      },
      policy,
      clock,
      deadline,
    );
    if (!outcome.ok) return { ok: false, failure: outcome.failure };
    const { accessToken, expiresInSeconds } = outcome.value;
    this.#issued.add(accessToken);
    const ttl = cacheTtlSeconds(expiresInSeconds);
    // A cache that cannot be written only costs a token request next time.
    await cache.write({ accessToken, expiresAt: clock.now() + ttl * 1000 }, ttl).catch(() => undefined);
    return { ok: true, token: accessToken };
  }
}
