import type { AggregatorContext, GenericContext, RailwayError } from "@fstnetwork/runtime";
import type {} from "./global";

export abstract class AbstractLogic {
  abstract run(): Promise<void>;
  abstract handleError(error: RailwayError): Promise<void>;
}

export abstract class AggregatorLogic extends AbstractLogic {
  protected get context(): AggregatorContext {
    return Saffron.runtime.context as AggregatorContext;
  }
}

export abstract class GenericLogic extends AbstractLogic {
  protected get context(): GenericContext {
    return Saffron.runtime.context as GenericContext;
  }
}

type LogicClass = new () => AbstractLogic;

function register(logic: AbstractLogic): void {
  Saffron.runtime.registerMain(logic.run.bind(logic));
  Saffron.runtime.registerErrorHandler(logic.handleError.bind(logic));
}

/**
 * `@Logic()`: makes the class this logic's entry. The class is instantiated (no arguments) when it
 * is defined and its `run` / `handleError` registered with `Saffron.runtime`. Works as a TC39
 * standard decorator and as a legacy (`experimentalDecorators`) one.
 */
export function Logic(): <Class extends LogicClass>(target: Class, context?: ClassDecoratorContext<Class>) => void {
  return (target, context) => {
    // A standard decorator runs before the class's static fields are set: register once they are.
    if (context?.kind === "class") {
      context.addInitializer(function () {
        register(new this());
      });
    } else {
      register(new target());
    }
  };
}

interface ContextDecorator {
  /** TC39 standard field decorator: the field starts as the runtime's context. */
  // `any`: the field may be typed GenericContext or AggregatorContext.
  (value: undefined, context: ClassFieldDecoratorContext): (initial: unknown) => any;
  /** Legacy property decorator: a getter on the prototype. */
  (target: object, propertyKey: string | symbol): void;
}

/** `@Context() ctx!: GenericContext`: a field that reads `Saffron.runtime.context`. */
export function Context(): ContextDecorator {
  const decorate = (target: object | undefined, key: string | symbol | ClassFieldDecoratorContext) => {
    if (typeof key === "object") return () => Saffron.runtime.context;
    Object.defineProperty(target, key, { get: () => Saffron.runtime.context, configurable: true });
    return undefined;
  };
  return decorate as ContextDecorator;
}
