import type { Pattern, PatternResult, Search, SearchResult } from "../types/event";

function toEventArgs(event: Event.Event): Event.EventArgs {
  const { labelName, sourceDigitalIdentity, targetDigitalIdentity, sourceDID, targetDID, meta, type } = event;
  const source = sourceDID ?? sourceDigitalIdentity;
  if (source === undefined) throw new Error("sourceDigitalIdentity is undefined");
  const target = targetDID ?? targetDigitalIdentity;
  if (target === undefined) throw new Error("targetDigitalIdentity is undefined");
  return { labelName, sourceDigitalIdentity: source, targetDigitalIdentity: target, meta, type };
}

/** LOC's event store: emit events between digital identities, search them. */
export const EventAgent = {
  async emit(events: Event.Event[]): Promise<void> {
    await Deno.core.opAsync("op_event_agent_emit", events.map(toEventArgs));
  },

  async search(request: Search): Promise<SearchResult> {
    return (await Deno.core.opAsync("op_event_agent_search", request)) as SearchResult;
  },

  async searchWithPattern(request: Pattern): Promise<PatternResult> {
    return (await Deno.core.opAsync("op_event_agent_search_with_pattern", request)) as PatternResult;
  },
};

export declare namespace Event {
  interface Event {
    labelName: string;
    sourceDigitalIdentity?: string;
    targetDigitalIdentity?: string;
    /** Alias of sourceDigitalIdentity (wins when both are given). */
    sourceDID?: string;
    /** Alias of targetDigitalIdentity (wins when both are given). */
    targetDID?: string;
    meta: string;
    type: string;
  }

  interface EventArgs {
    labelName: string;
    sourceDigitalIdentity: string;
    targetDigitalIdentity: string;
    meta: string;
    type: string;
  }
}
