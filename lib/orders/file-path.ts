/**
 * Where an order's output is written in the `orders` file storage: `<environment>/<taskId>.<ext>`,
 * or `<environment>/<orderId>.<ext>` when the order has its own id. Every part was validated by the
 * order schema; the checks here refuse anything else rather than trust the caller. No part starts
 * with ".", the namespace of bookkeeping (`.pending/`) and of the runtime's temporary files.
 */
import { environmentSchema, orderIdSchema, taskIdSchema } from "./schema";

export interface FileNaming {
  environment: string;
  taskId: string;
  orderId?: string;
}

const EXTENSION = /^[a-z0-9]{1,10}$/;

export class UnsafePathError extends Error {
  override name = "UnsafePathError";
}

export function outputFilePath(order: FileNaming, extension: string): string {
  if (!environmentSchema().safeParse(order.environment).success) throw new UnsafePathError(`unsafe environment ${JSON.stringify(order.environment)}`);
  if (!taskIdSchema().safeParse(order.taskId).success) throw new UnsafePathError(`unsafe task id ${JSON.stringify(order.taskId)}`);
  if (order.orderId !== undefined && !orderIdSchema().safeParse(order.orderId).success) {
    throw new UnsafePathError(`unsafe order id ${JSON.stringify(order.orderId)}`);
  }
  if (!EXTENSION.test(extension)) throw new UnsafePathError(`unsafe extension ${JSON.stringify(extension)}`);
  return `${order.environment}/${order.orderId ?? order.taskId}.${extension}`;
}
