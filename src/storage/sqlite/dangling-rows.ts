// How many rows referred to dictionary ids that are gone: removed when the store opened, or skipped by a reader since.

export interface DanglingRowCounts {
  /** Rows the pass at open removed, per table (empty when it found none or did not need to run). */
  removedAtOpen: Record<string, number>;
  /** Rows readers skipped since the store opened (rows written with unknown ids after the pass). */
  skippedOnRead: number;
}

export class DanglingRows {
  private readonly removed: Record<string, number> = {};
  private skipped = 0;

  /** Counts what the pass at open removed. */
  removedAtOpen(byTable: Record<string, number>): void {
    for (const [table, n] of Object.entries(byTable)) if (n > 0) this.removed[table] = (this.removed[table] ?? 0) + n;
  }

  /** Counts rows a reader left out because one of their ids is in no dictionary (one by default). */
  skippedOnRead(rows = 1): void {
    this.skipped += rows;
  }

  counts(): DanglingRowCounts {
    return { removedAtOpen: { ...this.removed }, skippedOnRead: this.skipped };
  }
}
