// "1 day", "2 days": a count with its noun in the number it takes.

/** The count and its noun; `many` when the plural is not the noun with an "s". */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
