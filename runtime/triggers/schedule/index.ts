export { startScheduleTrigger, type ScheduleTrigger, type ScheduleTriggerOptions, type ScheduledJob, type TickOutcome } from "./trigger";
export { SCHEDULE_PATH, buildSchedulePayload } from "./schedule-payload";
