/**
 * Per partition, the next offset this consumer has not taken yet. After a rebalance the client
 * fetches again from the committed offset, so records already queued or running arrive a second
 * time; the cursor drops those copies.
 */
export class OffsetCursor {
  private readonly next = new Map<string, bigint>();

  /** True when the record is new to this consumer (and marks it taken). */
  take(lane: string, offset: bigint): boolean {
    const next = this.next.get(lane);
    if (next !== undefined && offset < next) return false;
    this.next.set(lane, offset + 1n);
    return true;
  }

  /** A taken record was given up (its partition moved away): take it again when it comes back. */
  giveBack(lane: string, offset: bigint): void {
    const next = this.next.get(lane);
    if (next === undefined || offset < next) this.next.set(lane, offset);
  }
}
