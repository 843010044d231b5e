/** The host operations of the task itself: its payload and its railway (op_fetch_task is answered in the isolate). */
import { z } from "zod";
import type { Payload } from "@fstnetwork/loc-logic-sdk";
import { HostOpError, parseArg, type OpTable } from "../agents/agent";
import { explainMissingGlobal } from "./missing-globals";
import type { Railway } from "./railway";

const railwayError = z.object({ name: z.string(), message: z.string() });

export function taskOps(task: { railway: Railway; payload: Payload }): OpTable {
  return {
    op_fetch_payload: () => task.payload,
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
