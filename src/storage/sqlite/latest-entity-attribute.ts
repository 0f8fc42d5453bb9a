// One state attribute kept per entity in its entities row (device class, unit), with the time of the record that named it.
import type { SqliteDb, SqliteStatement } from "./sqlite-database.js";

/** A value a record named for an entity, and that record's time (epoch ms): a newer record's value wins. */
export interface AttributeSeen {
  value: string;
  ts: number;
}

/** The entities columns holding an attribute, each beside its `<column>_ts` (migrations 0013, 0014). */
export type EntityAttributeColumn = "device_class" | "unit";

/**
 * Writes an entity's attribute unless a newer record named one, and remembers what it wrote by
 * entity row id, so events older than that need no write. Prepared at the first write: a store
 * opened below the column's migration (tests of older schemas) never names one.
 */
export class LatestEntityAttribute {
  private readonly written = new Map<number, AttributeSeen>();
  private update: SqliteStatement | undefined;

  constructor(
    private readonly db: SqliteDb,
    private readonly column: EntityAttributeColumn,
  ) {}

  write(entity: number, seen: AttributeSeen): void {
    const known = this.written.get(entity);
    if (known && known.ts > seen.ts) return;
    const column = this.column;
    this.update ??= this.db.prepare(
      `UPDATE entities SET ${column} = ?, ${column}_ts = ? WHERE id = ? AND (${column}_ts IS NULL OR ${column}_ts <= ?)`,
    );
    // The same value again still moves its time on: an older record must not replace it after.
    if (this.update.run(seen.value, seen.ts, entity, seen.ts).changes > 0) this.written.set(entity, seen);
    // A newer value is stored (named by the current states): not known here.
    else this.written.delete(entity);
  }

  /** After a rollback or a forget: the rows may differ from what was written. */
  forget(): void {
    this.written.clear();
  }
}

/** Keeps the newest record's value per entity within one batch, whatever the batch's order. */
export function keepNewest(seen: Map<number, AttributeSeen>, entity: number, value: string | undefined, ts: number) {
  if (value !== undefined && ts >= (seen.get(entity)?.ts ?? Number.NEGATIVE_INFINITY)) seen.set(entity, { value, ts });
}
