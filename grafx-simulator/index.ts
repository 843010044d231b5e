export { startGrafxSimulator, type GrafxSimulator } from "./server";
export type { GrafxSimulatorOptions } from "./options";
export type { CreateTaskInput } from "./tasks";
export { faultSchema, type Fault, type FaultInput, type FaultStage } from "./faults";
export type { RecordedRequest, SimulatorOrigin } from "./request-log";
export { contentTypeByFormat, outputFormatSchema, type OutputFormat } from "./formats";
export { outputChunks, outputSha256, type OutputDescription } from "./output-bytes";
