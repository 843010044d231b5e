/**
 * What a logic could leave behind in its isolate's realm for the next one: every object reachable
 * from the global object (prototypes included) with every own property's descriptor, by identity.
 * Taken once the isolate is prepared and again after each run (the run's added globals deleted):
 * an isolate runs another logic only when the two are identical, so no module-level or global
 * state crosses from one execution to the next.
 */
const { getOwnPropertyDescriptors, getPrototypeOf, isExtensible } = Object;
const { ownKeys } = Reflect;
const mapSize = Object.getOwnPropertyDescriptor(Map.prototype, "size")!.get!;
const setSize = Object.getOwnPropertyDescriptor(Set.prototype, "size")!.get!;

export type RealmSnapshot = unknown[];

const isReference = (value: unknown): value is object => value !== null && (typeof value === "object" || typeof value === "function");

function sizeOf(value: object): number | undefined {
  // Called on a prototype, the getters throw: only real Maps and Sets have a size.
  try {
    return mapSize.call(value) as number;
  } catch {
    try {
      return setSize.call(value) as number;
    } catch {
      return undefined;
    }
  }
}

/**
 * Prototypes a logic can reach (and change) that no global property leads to: the intrinsic
 * iterator and generator prototypes, and those of the web APIs' iterators.
 */
function hiddenIntrinsics(): object[] {
  const found: object[] = [];
  const add = (make: () => unknown) => {
    try {
      const value = make();
      if (isReference(value)) found.push(value);
    } catch {
      // not in this realm: nothing to watch
    }
  };
  const protoOf = (value: unknown) => getPrototypeOf(value);
  add(() => protoOf(function* () {}));
  add(() => protoOf(async function () {}));
  add(() => protoOf(async function* () {}));
  // A generator object's prototype is its function's own `.prototype`: the intrinsic is one further.
  add(() => protoOf(protoOf((function* () {})())));
  add(() => protoOf(protoOf((async function* () {})())));
  add(() => protoOf([][Symbol.iterator]()));
  add(() => protoOf(new Map()[Symbol.iterator]()));
  add(() => protoOf(new Set()[Symbol.iterator]()));
  add(() => protoOf(""[Symbol.iterator]()));
  add(() => protoOf("a".matchAll(/a/g)));
  add(() => protoOf(new Headers()[Symbol.iterator]()));
  add(() => protoOf(new URLSearchParams()[Symbol.iterator]()));
  add(() => protoOf(new FormData()[Symbol.iterator]()));
  add(() => protoOf(new ReadableStream()[Symbol.asyncIterator as unknown as keyof ReadableStream] as unknown as object));
  add(() => protoOf((new ReadableStream() as unknown as { values(): object }).values()));
  add(() => protoOf(new Intl.Segmenter().segment("")[Symbol.iterator]()));
  add(() => protoOf((globalThis as unknown as { Iterator: { from(value: object): object } }).Iterator.from({ next: () => ({ done: true, value: undefined }) })));
  return found;
}

export function realmSnapshot(roots: readonly object[] = [globalThis]): RealmSnapshot {
  const entries: unknown[] = [];
  const seen = new Set<object>();
  const stack: object[] = [...roots, ...hiddenIntrinsics()].reverse();
  while (stack.length > 0) {
    const object = stack.pop()!;
    if (seen.has(object)) continue;
    seen.add(object);
    const prototype = getPrototypeOf(object);
    entries.push(object, prototype, isExtensible(object), sizeOf(object));
    if (prototype) stack.push(prototype);
    // One call per object: all its own descriptors, symbol keys included, in ownKeys order.
    const descriptors = getOwnPropertyDescriptors(object) as Record<PropertyKey, PropertyDescriptor>;
    for (const key of ownKeys(descriptors)) {
      const descriptor = descriptors[key as string]!;
      const { value, get, set } = descriptor;
      const flags = (descriptor.writable ? 1 : 0) | (descriptor.enumerable ? 2 : 0) | (descriptor.configurable ? 4 : 0);
      entries.push(key, value, get, set, flags);
      if (isReference(value)) stack.push(value);
      if (get) stack.push(get);
      if (set) stack.push(set);
    }
  }
  return entries;
}

export function sameRealm(before: RealmSnapshot, after: RealmSnapshot): boolean {
  if (before.length !== after.length) return false;
  for (let index = 0; index < before.length; index++) if (!Object.is(before[index], after[index])) return false;
  return true;
}
