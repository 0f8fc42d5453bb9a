// One column's values of the row group being written, kept as typed arrays, not as the rows they came from.

/**
 * A row group held as its rows (an array of values per row, and the event each row was made
 * from) keeps 30,720 small objects alive across many young-generation collections, so V8 moves
 * them all to the old space before the group is written: at 100K events a day that was 13-18 MB
 * of heap for the archive step alone. Taken apart into columns as each row arrives, a row is
 * garbage at once: a string column keeps its dictionary and one id per value, an integer column
 * one double per value, and both a byte per row saying whether the row had a value.
 */
export class ColumnBuffer {
  /** 1 where the row has a value (definition level), per row of the group. */
  defined: Uint8Array;
  /** How many rows have a value; their ids or numbers are the first `present` entries. */
  present = 0;
  /** Strings: each distinct value's id, in order of first appearance in the group. */
  readonly dictionary = new Map<string, number>();
  /** Strings: the dictionary id of each value present. */
  ids: Uint32Array;
  /** Integers: each value present. */
  numbers: Float64Array;

  constructor(
    readonly name: string,
    readonly type: "int64" | "string",
    readonly optional: boolean,
    capacity: number,
  ) {
    this.defined = new Uint8Array(capacity);
    this.ids = new Uint32Array(type === "string" ? capacity : 0);
    this.numbers = new Float64Array(type === "int64" ? capacity : 0);
  }

  /** Adds the value of row `row` of the group (rows are added in order, from 0). */
  add(row: number, value: unknown): void {
    if (value === null || value === undefined) {
      if (!this.optional) throw new Error(`column ${this.name} is required but row ${row} has no value`);
      return;
    }
    this.defined[row] = 1;
    if (this.type === "int64") {
      this.numbers[this.present++] = Number(value);
      return;
    }
    const s = String(value);
    let id = this.dictionary.get(s);
    if (id === undefined) {
      id = this.dictionary.size;
      this.dictionary.set(s, id);
    }
    this.ids[this.present++] = id;
  }

  /** Empties the buffer for the next row group. */
  clear(): void {
    this.defined.fill(0);
    this.present = 0;
    this.dictionary.clear();
  }
}
