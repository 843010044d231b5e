/** The host operations of the task itself: its payload, its info, its railway. */
import { z } from "zod";
import type { Payload } from "@fstnetwork/loc-logic-sdk";
import type { TaskInfo } from "../../sdk/src/types/task";
import { HostOpError, parseArg, type LogicIdentity, type OpTable } from "../agents/agent";
import { explainMissingGlobal } from "../sandbox/missing-globals";
import type { Railway } from "./railway";

const railwayError = z.object({ name: z.string(), message: z.string() });

export function taskOps(task: { railway: Railway; payload: Payload; infoFor(logic: LogicIdentity): TaskInfo }): OpTable {
  return {
    op_fetch_payload: () => task.payload,
    op_fetch_task: (caller) => task.infoFor(caller.logic),
    op_railway_is_ok: () => task.railway.isOk,
    op_railway_switch: (caller, error) => {
      const record = parseArg("op_railway_switch", railwayError, error);
      task.railway.switch(explainMissingGlobal(record, caller.logic.name), caller.logic);
    },
    op_railway_get_error: () => {
      const record = task.railway.errorRecord();
      if (!record) throw new HostOpError("Error", "the railway is ok: there is no error to get");
      return record;
    },
  };
}
