/**
 * The `Request` of a LOC isolate. The platform's Request resolves its URL against the page's
 * location, which an isolate has not, so `new Request('/resource/1', …)` would throw. LOC's
 * saffron_fetch Request keeps the string as given (the HTTP agent's configuration supplies the
 * host), and the real SDK's own tests rely on it. This one does the same over the platform class:
 * built on a placeholder origin, it answers `url` with the string itself.
 */
const PLACEHOLDER = new URL("http://loc-http-agent.invalid/");
const PlatformRequest = globalThis.Request;

/** The URL or path a request was made for, as given. */
export function requestTarget(input: RequestInfo | URL): string {
  return input instanceof PlatformRequest ? input.url : String(input);
}

/**
 * True when `target` names a host: a scheme, or anything the URL parser would read as an
 * authority (`//host`, `\\host`) and so take the request off the configured host.
 */
export function isFullUrl(target: string): boolean {
  if (/^[a-z][a-z\d+\-.]*:/i.test(target.trimStart())) return true;
  try {
    return new URL(target, PLACEHOLDER).host !== PLACEHOLDER.host;
  } catch {
    return false;
  }
}

export class LocRequest extends PlatformRequest {
  // It is the global `Request` logic code sees, as on LOC (and not the bundler's name for it).
  static {
    Object.defineProperty(this, "name", { value: "Request" });
  }

  #target: string;

  constructor(input: RequestInfo | URL, init?: RequestInit) {
    const target = requestTarget(input);
    super(input instanceof PlatformRequest ? input : new URL(target, PLACEHOLDER), init);
    this.#target = target;
  }

  override get url(): string {
    return this.#target;
  }

  // The platform's clone() builds a plain Request, which would answer the placeholder URL.
  override clone(): LocRequest {
    const copy = new LocRequest(super.clone());
    copy.#target = this.#target;
    return copy;
  }
}
