/**
 * One partition's records between "taken" and "committed", when they finish out of order: the
 * offset that may be committed is the lowest record not finished yet — every record below it is
 * done — or, with none unfinished, the one after the highest finished. A record that was taken and
 * given back (its partition moved, a shutdown) stays unfinished until it is taken and finished
 * again, so no commit ever passes it.
 */
export class CommitWindow {
  /** Taken and not finished, ascending. */
  private readonly unfinished: bigint[] = [];
  private highestFinished: bigint | undefined;
  private lowestFinished: bigint | undefined;

  /** A record was taken (again): it holds the commit point until it finishes. */
  track(offset: bigint): void {
    const at = this.search(offset);
    if (this.unfinished[at] !== offset) this.unfinished.splice(at, 0, offset);
  }

  /** A record was processed (executed, its result published). */
  finish(offset: bigint): void {
    const at = this.search(offset);
    if (this.unfinished[at] === offset) this.unfinished.splice(at, 1);
    if (this.highestFinished === undefined || offset > this.highestFinished) this.highestFinished = offset;
    if (this.lowestFinished === undefined || offset < this.lowestFinished) this.lowestFinished = offset;
  }

  /** The offset the group may resume from (Kafka's committed offset), or undefined while none finished. */
  commitPoint(): bigint | undefined {
    const lowestUnfinished = this.unfinished[0];
    if (lowestUnfinished !== undefined) {
      // Nothing finished below it: there is nothing to commit yet.
      if (this.lowestFinished === undefined || this.lowestFinished >= lowestUnfinished) return undefined;
      return lowestUnfinished;
    }
    return this.highestFinished === undefined ? undefined : this.highestFinished + 1n;
  }

  get unfinishedCount(): number {
    return this.unfinished.length;
  }

  /** The index of `offset` in `unfinished`, or where it would go. */
  private search(offset: bigint): number {
    let low = 0;
    let high = this.unfinished.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.unfinished[middle]! < offset) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
