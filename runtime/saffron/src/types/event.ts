/**
 * The event store's types, in the shape of the real SDK's (generated there from LOC's JSON
 * schema, hence the open `[k: string]: unknown` members).
 */
export type Query =
  | { field: string; type: "match"; value: string; [k: string]: unknown }
  | { field: string; type: "match_phrase"; value: string; [k: string]: unknown }
  | { field: string; type: "term"; value: string; [k: string]: unknown };

export type Op = "eq" | "ne" | "gt" | "lt" | "gte" | "lte";

export type Filter =
  | { field: string; gte?: number | null; lte?: number | null; type: "range"; [k: string]: unknown }
  | { field: string; type: "wildcard"; value: string; [k: string]: unknown };

export type SortOrder = "asc" | "desc";

export type Uint32 = number;

export interface EventJsonSchema {
  [k: string]: unknown;
}

export interface VersionedIdentityContext {
  name: string;
  permanentIdentity: string;
  revision: number;
  [k: string]: unknown;
}

export interface Label {
  id: string;
  name: string;
  [k: string]: unknown;
}

/** An event as the store returns it. */
export interface Event {
  dataProcessIdentityContext: VersionedIdentityContext;
  executionId: string;
  label: Label;
  logicIdentityContext: VersionedIdentityContext;
  meta: string;
  sequence: number;
  sourceDigitalIdentity: string;
  targetDigitalIdentity: string;
  taskId: string;
  timestamp: string;
  type: string;
  [k: string]: unknown;
}

export interface Aggregation {
  after?: { [k: string]: string };
  queries: Query[];
  size?: number | null;
  [k: string]: unknown;
}

export interface AggregationResult {
  after: { [k: string]: string };
  buckets: Bucket[];
  [k: string]: unknown;
}

export interface Bucket {
  docCount: number;
  key: { [k: string]: string };
  [k: string]: unknown;
}

export interface Sort {
  field: string;
  order: SortOrder;
  [k: string]: unknown;
}

export interface Search {
  aggregation?: Aggregation | null;
  excludes?: Query[] | null;
  filters?: Filter[] | null;
  from?: number | null;
  queries?: Query[] | null;
  size?: number | null;
  sorts?: Sort[] | null;
  [k: string]: unknown;
}

export interface SearchResult {
  aggregation?: AggregationResult | null;
  count: number;
  events: Event[];
  took: number;
  total: number;
  [k: string]: unknown;
}

export interface Condition {
  field: string;
  op: Op;
  value: string;
  [k: string]: unknown;
}

export interface Sequence {
  conditions?: Condition[] | null;
  sharedFields?: string[] | null;
  type?: string | null;
  [k: string]: unknown;
}

export interface Pattern {
  filter?: Filter | null;
  maxSpan?: string | null;
  sequences: Sequence[];
  [k: string]: unknown;
}

export interface SequencesResult {
  events: Event[];
  joinKeys: string[];
  [k: string]: unknown;
}

export interface PatternResult {
  count: number;
  sequences: SequencesResult[];
  took: number;
  total: number;
  [k: string]: unknown;
}
