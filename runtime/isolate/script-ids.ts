/**
 * Which logic scripts each worker holds. A logic's bundle (hundreds of KB) crosses to a worker
 * once; later runs there name it by id, so a run's frame is small and the worker evaluates the same
 * string again (V8's compilation cache then finds it without re-hashing a new copy). Both sides drop
 * the oldest script past WORKER_SCRIPTS in the same order, so the host always knows what a worker
 * holds.
 */
import { WORKER_SCRIPTS } from "./protocol";

/** Ids handed out, by filename then text; ids are never reused. */
const MAX_KNOWN_SCRIPTS = 256;

export class ScriptIds {
  private readonly ids = new Map<string, Map<string, number>>();
  private known = 0;
  private nextId = 1;
  private readonly held = new Map<number, Set<number>>();

  /** The script's id, and its text when worker `w` does not hold it yet (it will, after this run). */
  forRun(w: number, filename: string, script: string): { scriptId: number; script?: string } {
    const scriptId = this.idOf(filename, script);
    let held = this.held.get(w);
    if (!held) this.held.set(w, (held = new Set()));
    if (held.has(scriptId)) return { scriptId };
    held.add(scriptId);
    if (held.size > WORKER_SCRIPTS) held.delete(held.values().next().value!);
    return { scriptId, script };
  }

  /** A worker stopped: what it held goes with it. */
  forget(w: number): void {
    this.held.delete(w);
  }

  private idOf(filename: string, script: string): number {
    let byText = this.ids.get(filename);
    const known = byText?.get(script);
    if (known !== undefined) return known;
    // Rebuilt scripts (watch mode) get new ids: start over rather than keep every old text alive.
    if (this.known >= MAX_KNOWN_SCRIPTS) {
      this.ids.clear();
      this.known = 0;
      byText = undefined;
    }
    if (!byText) this.ids.set(filename, (byText = new Map()));
    const id = this.nextId++;
    byText.set(script, id);
    this.known++;
    return id;
  }
}
