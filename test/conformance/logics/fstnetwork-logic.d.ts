/**
 * The real SDK's own test logics import the logic package by its workspace name; the build
 * resolves it to this repo's SDK stand-in (runtime/bundler.ts), and so does the type-checker.
 */
declare module "@fstnetwork/logic" {
  export * from "@fstnetwork/loc-logic-sdk";
}
