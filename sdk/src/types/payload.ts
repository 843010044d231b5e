export interface IdentityContext {
  id: string;
  name: string;
}

export interface HttpRequest {
  host: string;
  path: string;
  query: string;
  scheme: string;
  method: string;
  version: string;
  headers: Record<string, string | string[]>;
  /** The body bytes. */
  data: number[];
}

export interface HttpPayload {
  apiGatewayIdentityContext: IdentityContext;
  apiRouteIdentityContext: IdentityContext;
  requestId: string;
  source?: string;
  destination?: string;
  request: HttpRequest;
}

export interface KafkaSubscriber {
  brokers: string[];
  groupId: string;
  topic: string;
  partition: number;
  offset: number;
}

export interface MessagePayload {
  clientIdentityContext: IdentityContext;
  /** The record's bytes. */
  data: number[];
  subscriber: { kafka: KafkaSubscriber };
}

export interface EventPayload {
  [key: string]: unknown;
}

export type Payload = { http: HttpPayload } | { messageQueue: MessagePayload } | { event: EventPayload };
