import { AbstractContext } from "./context";

/** The context of the aggregator logic, the last of a data process. */
export class AggregatorContext extends AbstractContext {}
