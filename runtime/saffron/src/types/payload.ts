/**
 * What `ctx.payload()` resolves: the trigger's data, in the shape of the real SDK's types
 * (generated there from LOC's JSON schema, hence the open `[k: string]: unknown` members).
 */
export type Payload = { http: HttpPayload } | { messageQueue: MessagePayload } | { event: EventPayload };

/** An API route's request. */
export interface HttpPayload {
  apiGatewayIdentityContext: IdentityContextFor_Uuid;
  apiRouteIdentityContext: IdentityContextFor_Uuid;
  /** The address the request came in on. */
  destination?: Peer | null;
  request: HttpRequest;
  requestId: string;
  /** The caller's address. */
  source?: Peer | null;
  [k: string]: unknown;
}

export interface IdentityContextFor_Uuid {
  id: string;
  name: string;
  [k: string]: unknown;
}

export interface Peer {
  address: Address;
  [k: string]: unknown;
}

export type Address = { socketAddr: SocketAddress } | { pipe: Pipe };

export type Protocol = "tcp" | "udp";

export interface SocketAddress {
  /** `host:port`. */
  address: string;
  protocol: Protocol;
  [k: string]: unknown;
}

export interface Pipe {
  mode: number;
  path: string;
  [k: string]: unknown;
}

export type HttpRequest = HttpRequestFor_DataBytes;

export interface HttpRequestFor_DataBytes {
  /** The body's bytes. */
  data: number[];
  headers: { [k: string]: unknown };
  host: string;
  method: string;
  path: string;
  query: string;
  scheme: string;
  version: "HTTP/0.9" | "HTTP/1.0" | "HTTP/1.1" | "HTTP/2.0" | "HTTP/3.0";
  [k: string]: unknown;
}

/** A message queue record. */
export interface MessagePayload {
  clientIdentityContext: IdentityContextFor_Uuid;
  /** The record's bytes. */
  data: number[];
  subscriber: Subscriber;
  [k: string]: unknown;
}

export type Subscriber = { kafka: KafkaSubscriber };

export interface KafkaSubscriber {
  brokers: string[];
  groupId: string;
  offset: number;
  partition: number;
  topic: string;
  [k: string]: unknown;
}

/** An event trigger's payload (open in LOC's schema). */
export interface EventPayload {
  [k: string]: unknown;
}
