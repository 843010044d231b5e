/**
 * The SDK's type surface against the real 0.10 signatures. These assertions are checked by the
 * type-checker (`tsc --noEmit`); at run time they only prove the test file loads.
 */
import { describe, expectTypeOf, it } from "vitest";
import type {
  AggregatorContext,
  Event,
  EventPayload,
  EventAgent,
  GenericContext,
  HttpAgent,
  HttpAgentClient,
  HttpPayload,
  IResultAgent,
  LocalStorageAgent,
  LogicVariable,
  Mail,
  MessagePayload,
  NonVersionedIdentityContext,
  Pattern,
  PatternResult,
  Payload,
  RailwayError,
  ResultAgent,
  Search,
  SearchResult,
  SessionStorageAgent,
  Task,
  VersionedIdentityContext,
} from "@fstnetwork/loc-logic-sdk";

describe("the SDK's types (checked by tsc)", () => {
  it("match the real agents' signatures", () => {
    expectTypeOf<ReturnType<typeof SessionStorageAgent.putJson>>().toEqualTypeOf<Promise<boolean>>();
    expectTypeOf<ReturnType<typeof SessionStorageAgent.putByteArray>>().toEqualTypeOf<Promise<boolean>>();
    expectTypeOf<Parameters<typeof SessionStorageAgent.putByteArray>[1]>().toEqualTypeOf<Uint8Array | string>();
    // `any`: what the real signature says (wider than ours used to be).
    expectTypeOf<ReturnType<typeof LocalStorageAgent.get>>().toEqualTypeOf<Promise<any>>();
    expectTypeOf<ReturnType<typeof LogicVariable.get>>().toEqualTypeOf<string | null>();
    expectTypeOf<typeof ResultAgent>().toEqualTypeOf<IResultAgent>();
    expectTypeOf<ReturnType<IResultAgent["finalize"]>>().toEqualTypeOf<IResultAgent>();
    expectTypeOf<ReturnType<typeof HttpAgent.acquire>>().toEqualTypeOf<Promise<HttpAgentClient>>();
    expectTypeOf<Parameters<HttpAgentClient["fetch"]>>().toEqualTypeOf<[input: Request | string, init?: RequestInit]>();
    expectTypeOf<Parameters<typeof EventAgent.emit>[0]>().toEqualTypeOf<Event.Event[]>();
    expectTypeOf<ReturnType<typeof EventAgent.search>>().toEqualTypeOf<Promise<SearchResult>>();
    expectTypeOf<Parameters<typeof EventAgent.searchWithPattern>[0]>().toEqualTypeOf<Pattern>();
    expectTypeOf<ReturnType<typeof EventAgent.searchWithPattern>>().toEqualTypeOf<Promise<PatternResult>>();
    expectTypeOf<Parameters<typeof EventAgent.search>[0]>().toEqualTypeOf<Search>();
  });

  it("match the real payload, task and mail types", () => {
    expectTypeOf<Payload>().toEqualTypeOf<{ http: HttpPayload } | { messageQueue: MessagePayload } | { event: EventPayload }>();
    expectTypeOf<NonNullable<HttpPayload["source"]>["address"]>().toMatchTypeOf<
      { socketAddr: { address: string; protocol: "tcp" | "udp" } } | { pipe: { mode: number; path: string } }
    >();
    expectTypeOf<HttpPayload["apiRouteIdentityContext"]>().toEqualTypeOf<NonVersionedIdentityContext>();
    expectTypeOf<HttpPayload["request"]["data"]>().toEqualTypeOf<number[]>();
    expectTypeOf<Task["dataProcess"]>().toEqualTypeOf<VersionedIdentityContext>();
    expectTypeOf<GenericContext["task"]>().toEqualTypeOf<Task>();
    expectTypeOf<ReturnType<AggregatorContext["payload"]>>().toEqualTypeOf<Promise<Payload>>();
    expectTypeOf<RailwayError>().toMatchTypeOf<Error & { logicPermanentIdentity: string; logicRevision: number }>();
    expectTypeOf<Mail.Mail["receivers"]>().toEqualTypeOf<Mail.MailBox[]>();
    expectTypeOf<ReturnType<Mail.Mail["setSender"]>>().toEqualTypeOf<Mail.Mail>();
  });

  it("type the global Saffron as the runtime package", () => {
    expectTypeOf<typeof Saffron.runtime.context>().toEqualTypeOf<AggregatorContext | GenericContext>();
    expectTypeOf<typeof Saffron.genericLogic>().toEqualTypeOf<() => void>();
  });
});
