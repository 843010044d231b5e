export { AbstractContext } from "./context";
export { AggregatorContext } from "./aggregator";
export { GenericContext } from "./generic";
