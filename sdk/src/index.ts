/**
 * `@fstnetwork/loc-logic-sdk` 0.10 stand-in, in the real SDK's shape: it holds no agent code.
 * Every agent is read from the global `Saffron` that LOC provides in each logic isolate, so a
 * bundle built with it is the bundle the real SDK gives. Types come from `@fstnetwork/runtime`.
 */
import type * as Runtime from "@fstnetwork/runtime";
import type {} from "./global";

export { AggregatorLogic, Context, GenericLogic, Logic } from "./logic";
export type * from "@fstnetwork/runtime";

export const { Mail } = Saffron;
// `Mail` is also the namespace of the mail types (`Mail.Mail`, `Mail.MailBox`).
export declare namespace Mail {
  type Mail = Runtime.Mail.Mail;
  type MailBox = Runtime.Mail.MailBox;
}

export const { LocalStorageAgent } = Saffron;
export const { SessionStorageAgent } = Saffron;
export const { LogicVariable } = Saffron;

export const { DatabaseAgent } = Saffron;
export const { EventAgent } = Saffron;
export const { FileStorageAgent } = Saffron;
export const { HttpAgent } = Saffron;
export const { LoggingAgent } = Saffron;
export const { MailAgent } = Saffron;

export const { ResultAgent } = Saffron;
