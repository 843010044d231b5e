import type { AggregatorContext, GenericContext } from "../context/context";
import type { RailwayError } from "../primitive/railwayError";

/**
 * Marks a class made with `@Logic()`. A registered symbol, so the runtime can recognise the class
 * whichever copy of the SDK (or realm) marked it.
 */
export const LOGIC_CLASS = Symbol.for("@fstnetwork/loc-logic-sdk/Logic");

abstract class AbstractLogic<Context> {
  protected readonly context: Context;

  constructor(context: Context) {
    this.context = context;
  }

  abstract run(): Promise<void>;
  abstract handleError(error: RailwayError): Promise<void>;
}

export abstract class GenericLogic extends AbstractLogic<GenericContext> {}

export abstract class AggregatorLogic extends AbstractLogic<AggregatorContext> {}

export type LogicClass = new (context: GenericContext | AggregatorContext) => {
  run(): Promise<void>;
  handleError(error: RailwayError): Promise<void>;
};

// `any` arguments: any constructor may be decorated; the runtime checks the shape it calls.
type AnyClass = abstract new (...args: any[]) => unknown;

/**
 * Class decorator marking the logic class (`@Logic() export default class X extends GenericLogic`).
 * Works as a TC39 standard decorator `(value, context)` and as a legacy experimental one `(target)`.
 */
export function Logic(): <Target extends AnyClass>(target: Target, context?: ClassDecoratorContext) => void {
  return (target) => {
    Object.defineProperty(target, LOGIC_CLASS, { value: true });
  };
}

export function isLogicClass(value: unknown): value is LogicClass {
  return typeof value === "function" && (value as unknown as Record<symbol, unknown>)[LOGIC_CLASS] === true;
}
