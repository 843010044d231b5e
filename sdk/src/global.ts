/**
 * The globals LOC provides to every logic isolate, typed: `Saffron` is the runtime package itself
 * (a classic-script global of that name), and it puts the two context classes on globalThis.
 */
import type * as Runtime from "@fstnetwork/runtime";

declare global {
  const Saffron: typeof Runtime;
  const AggregatorContext: typeof Runtime.AggregatorContext;
  const GenericContext: typeof Runtime.GenericContext;
}

export {};
