/**
 * What a logic could leave behind in its isolate's realm for the next one: every object reachable
 * from the global object (prototypes included) with its prototype, extensibility, Map/Set size and
 * every own property's descriptor, by identity. Recorded once the isolate is prepared
 * (`captureRealm`), checked after each run (`realmUnchanged`, the run's added globals removed
 * first by `removeAddedGlobals`): an isolate runs another logic only when nothing differs, so no
 * module-level or global state crosses from one execution to the next.
 *
 * Why checking the recorded objects is enough: what is reachable from the roots is decided by the
 * own state (prototype, own properties) of the objects reached. If every recorded object's own
 * state is what it was, the walk from the same roots reaches exactly the same objects again; if
 * anything reachable changed, some recorded object's own state changed first (the property that
 * leads to a new object is an own property of a reachable one). So comparing the recorded objects
 * one by one, in a flat loop, catches exactly what walking the realm again and comparing the two
 * walks catches — without the walk (its stack, its `seen` set, its copy of every entry).
 *
 * The check calls nothing a logic can replace: only functions captured when this module loaded,
 * before any logic ran, called directly or through the captured `Reflect.apply`, and reads of
 * own properties of arrays and descriptor objects it made itself (no iterator, no `.call`, no
 * prototype method). A logic's replacement of a built-in therefore never runs during the check,
 * and cannot hide itself by undoing its change while it is being looked at.
 */
const { getOwnPropertyDescriptor, getPrototypeOf, isExtensible, isFrozen, hasOwn, is } = Object;
const { apply, ownKeys, deleteProperty } = Reflect;
const NativeSet = Set;
const setHas = Set.prototype.has;
const setAdd = Set.prototype.add;
const mapSize = getOwnPropertyDescriptor(Map.prototype, "size")!.get!;
const setSize = getOwnPropertyDescriptor(Set.prototype, "size")!.get!;
const NO_ARGUMENTS: readonly unknown[] = [];

const isReference = (value: unknown): value is object => value !== null && (typeof value === "object" || typeof value === "function");

/** Whether an object holds a Map's or a Set's entries (its size is recorded: entries are no properties). */
const PLAIN = 0;
const MAP = 1;
const SET = 2;
/** A frozen object that is no Map or Set: its own state can never change (see `captureRealm`). */
const FROZEN = 3;

/** Descriptor flags; ACCESSOR marks a get/set pair. */
const WRITABLE = 1;
const ENUMERABLE = 2;
const CONFIGURABLE = 4;
const ACCESSOR = 8;

/** Fields per recorded object: prototype, extensible, kind, size, own key count. */
const OBJECT_FIELDS = 5;
/** Fields per own property: key, value (or getter), setter, flags. */
const PROPERTY_FIELDS = 4;

export interface CleanRealm {
  /** Every object reachable from the roots, in the order recorded. */
  readonly objects: readonly object[];
  /** Per object, OBJECT_FIELDS then PROPERTY_FIELDS per own property, one after the other. */
  readonly state: readonly unknown[];
  /** The global object's own keys: what a run added beside them is removed after it. */
  readonly globalKeys: ReadonlySet<PropertyKey>;
}

function kindOf(value: object): number {
  // A function holds no Map or Set entries; for other objects only the brand check tells (the
  // getters throw on anything else). Done once per isolate, before its first logic.
  if (typeof value !== "function") {
    try {
      apply(mapSize, value, NO_ARGUMENTS);
      return MAP;
    } catch {
      try {
        apply(setSize, value, NO_ARGUMENTS);
        return SET;
      } catch {
        // neither
      }
    }
  }
  // Frozen: not extensible (its prototype cannot change) and every own property non-configurable
  // and, if data, non-writable — the language forbids changing any of it, on proxies too.
  return isFrozen(value) ? FROZEN : PLAIN;
}

/** An accessor's descriptor has no own `writable`: it is not read (it would be looked up on Object.prototype). */
function flagsOf(descriptor: PropertyDescriptor, accessor: boolean): number {
  const kind = accessor ? ACCESSOR : descriptor.writable ? WRITABLE : 0;
  return kind | (descriptor.enumerable ? ENUMERABLE : 0) | (descriptor.configurable ? CONFIGURABLE : 0);
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

/**
 * Records the realm as every logic must find it: called once the isolate is prepared, before any
 * logic ran (so the built-ins it uses are the real ones). The first root is the global object.
 */
export function captureRealm(roots: readonly object[] = [globalThis]): CleanRealm {
  const objects: object[] = [];
  const state: unknown[] = [];
  const seen = new Set<object>();
  const stack: object[] = [...roots, ...hiddenIntrinsics()].reverse();
  while (stack.length > 0) {
    const object = stack.pop()!;
    if (seen.has(object)) continue;
    seen.add(object);
    objects.push(object);
    const prototype = getPrototypeOf(object);
    const kind = kindOf(object);
    const size = kind === MAP ? apply(mapSize, object, NO_ARGUMENTS) : kind === SET ? apply(setSize, object, NO_ARGUMENTS) : undefined;
    const keys = ownKeys(object);
    state.push(prototype, isExtensible(object), kind, size, keys.length);
    if (prototype) stack.push(prototype);
    for (const key of keys) {
      const descriptor = getOwnPropertyDescriptor(object, key)!;
      const accessor = hasOwn(descriptor, "get");
      state.push(key, accessor ? descriptor.get : descriptor.value, accessor ? descriptor.set : undefined, flagsOf(descriptor, accessor));
      if (accessor) {
        if (descriptor.get) stack.push(descriptor.get);
        if (descriptor.set) stack.push(descriptor.set);
      } else if (isReference(descriptor.value)) {
        stack.push(descriptor.value);
      }
    }
  }
  return { objects, state, globalKeys: new Set(ownKeys(roots[0] ?? globalThis)) };
}

/**
 * Removes the global properties a run added (anything but the recorded global keys); false when
 * one cannot be removed. Calls nothing a logic can replace.
 */
export function removeAddedGlobals(clean: CleanRealm): boolean {
  const global = clean.objects[0]!;
  const keys = ownKeys(global);
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index]!;
    if (!apply(setHas, clean.globalKeys, [key]) && !deleteProperty(global, key)) return false;
  }
  return true;
}

/**
 * Whether every recorded object's own state is what it was when the realm was captured: then
 * everything reachable from the roots is too (see the module's comment). Calls nothing a logic
 * can replace, allocates one key list and one descriptor per property, and stops at the first
 * difference.
 */
export function realmUnchanged(clean: CleanRealm): boolean {
  const { objects, state } = clean;
  let at = 0;
  for (let index = 0; index < objects.length; index++) {
    const object = objects[index]!;
    const kind = state[at + 2];
    const count = state[at + 4] as number;
    if (kind === FROZEN) {
      at += OBJECT_FIELDS + count * PROPERTY_FIELDS;
      continue;
    }
    if (getPrototypeOf(object) !== state[at] || isExtensible(object) !== state[at + 1]) return false;
    if (kind === MAP && apply(mapSize, object, NO_ARGUMENTS) !== state[at + 3]) return false;
    if (kind === SET && apply(setSize, object, NO_ARGUMENTS) !== state[at + 3]) return false;
    at += OBJECT_FIELDS;
    const keys = ownKeys(object);
    if (keys.length !== count) return false;
    for (let property = 0; property < count; property++, at += PROPERTY_FIELDS) {
      const key = keys[property]!;
      if (key !== state[at]) return false;
      const descriptor = getOwnPropertyDescriptor(object, key);
      if (descriptor === undefined) return false;
      // Only own fields of the descriptor are read: a missing one would be looked up on Object.prototype.
      if (hasOwn(descriptor, "get")) {
        if (!is(descriptor.get, state[at + 1]) || !is(descriptor.set, state[at + 2])) return false;
        if (flagsOf(descriptor, true) !== state[at + 3]) return false;
      } else {
        if (!is(descriptor.value, state[at + 1]) || state[at + 2] !== undefined) return false;
        if (flagsOf(descriptor, false) !== state[at + 3]) return false;
      }
    }
  }
  return true;
}

/** How many objects and own properties a check looks at (for tests and profiles). */
export function realmSize(clean: CleanRealm): { objects: number; properties: number } {
  return { objects: clean.objects.length, properties: (clean.state.length - clean.objects.length * OBJECT_FIELDS) / PROPERTY_FIELDS };
}
