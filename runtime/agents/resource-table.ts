/**
 * One task's open resources by id, like deno_core's resource table: Saffron names them by rid in
 * op_read / op_close / op_try_close. Ids belong to the task, are never reused within it, and
 * whatever the task leaves open is closed when it ends (`closeAll`).
 */
import { HostOpError } from "./agent";

export interface Resource {
  /** Releases what the resource holds (a connection…); must not throw. */
  close(): void | Promise<void>;
}

/** deno_core's error for an id that names no open resource (or the wrong kind of one). */
export function badResource(): HostOpError {
  return new HostOpError("BadResource", "Bad resource ID");
}

export class ResourceTable<R extends Resource> {
  private readonly open = new Map<number, R>();
  private lastRid = 0;
  private ended = false;

  /** Refuses once the task ended: nothing may be opened that no one would close. */
  add(resource: R): number {
    if (this.ended) {
      void resource.close();
      throw new HostOpError("Interrupted", "the task has ended: no new resource can be opened");
    }
    const rid = ++this.lastRid;
    this.open.set(rid, resource);
    return rid;
  }

  /** The open resource `rid`, or undefined. */
  get(rid: number): R | undefined {
    return this.open.get(rid);
  }

  /** Removes `rid` from the table and gives it to the caller (who closes it), or undefined. */
  take(rid: number): R | undefined {
    const resource = this.open.get(rid);
    this.open.delete(rid);
    return resource;
  }

  get size(): number {
    return this.open.size;
  }

  /** Closes every resource still open and refuses new ones. */
  async closeAll(): Promise<void> {
    this.ended = true;
    const open = [...this.open.values()];
    this.open.clear();
    await Promise.all(open.map((resource) => resource.close()));
  }
}
