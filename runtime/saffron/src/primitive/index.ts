export { Railway } from "./railway";
export { RailwayError } from "./railwayError";
export type { Task, TaskKey } from "./task";
