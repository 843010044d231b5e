/**
 * The GraFx token kept between executions in LocalStorage, expiring shortly before GraFx says it
 * does, under a key derived from the client id and audience (a new integration gets a new token).
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import "../zod-config";
import * as z from "zod/mini";
import { lazy } from "../lazy";

export interface CachedToken {
  accessToken: string;
  /** Epoch ms after which the token is not used any more. */
  expiresAt: number;
}

export interface TokenCache {
  read(): Promise<CachedToken | null>;
  write(token: CachedToken, ttlSeconds: number): Promise<void>;
  clear(): Promise<void>;
}

/** The part of LocalStorageAgent the cache needs (LOC's signatures; `get` answers `any` there). */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  /** `timeoutSeconds`: LOC's default 300, at most 86,400. */
  putJson(key: string, value: object, timeoutSeconds?: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Built on first use (../lazy). */
const cachedTokenSchema = lazy(() => z.object({ accessToken: z.string().check(z.minLength(1)), expiresAt: z.number() }));

/** LocalStorage keeps a value at most this long on LOC. */
export const MAX_LOCAL_STORAGE_SECONDS = 86_400;

/**
 * How long a token may be cached: its lifetime minus a margin of 60 s or 10 %, whichever is larger,
 * and never longer than LocalStorage keeps a value.
 */
export function cacheTtlSeconds(expiresInSeconds: number): number {
  return Math.min(MAX_LOCAL_STORAGE_SECONDS, Math.max(0, Math.floor(expiresInSeconds - Math.max(60, expiresInSeconds * 0.1))));
}

export function tokenCacheKey(clientId: string, audience: string): string {
  const digest = bytesToHex(sha256(new TextEncoder().encode(`${clientId}\n${audience}`)));
  return `grafx-token:${digest.slice(0, 32)}`;
}

export function keyValueTokenCache(store: KeyValueStore, key: string, now: () => number = Date.now): TokenCache {
  return {
    async read() {
      const parsed = cachedTokenSchema().safeParse(await store.get(key));
      return parsed.success && parsed.data.expiresAt > now() ? parsed.data : null;
    },
    async write(token, ttlSeconds) {
      if (ttlSeconds > 0) await store.putJson(key, token, ttlSeconds);
    },
    async clear() {
      await store.delete(key);
    },
  };
}
