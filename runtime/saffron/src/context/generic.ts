import { AbstractContext } from "./context";

/** The context of a generic logic. */
export class GenericContext extends AbstractContext {}
