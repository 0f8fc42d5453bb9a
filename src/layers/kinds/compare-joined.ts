// Orders texts joined with a separator as the joined strings would order, without joining them.

/**
 * Compares `x.join(sep)` with `y.join(sep)` by UTF-16 code units, as `<` compares strings
 * (negative, 0 or positive), without building either string: the co-occurrence kind ranks up to
 * millions of pairs by their keys, and a key per pair took more memory than the pairs.
 * `sep` is one UTF-16 code unit.
 */
export function compareJoined(x: readonly string[], y: readonly string[], sep: string): number {
  const s = sep.charCodeAt(0);
  let xs = 0;
  let xi = 0;
  let ys = 0;
  let yi = 0;
  for (;;) {
    // The next code unit of each side: a character of its segment, the separator after a
    // segment that is not the last, or -1 at the end.
    let cx: number;
    if (xs >= x.length) cx = -1;
    else if (xi < x[xs].length) cx = x[xs].charCodeAt(xi++);
    else if (xs < x.length - 1) {
      cx = s;
      xs++;
      xi = 0;
    } else cx = -1;
    let cy: number;
    if (ys >= y.length) cy = -1;
    else if (yi < y[ys].length) cy = y[ys].charCodeAt(yi++);
    else if (ys < y.length - 1) {
      cy = s;
      ys++;
      yi = 0;
    } else cy = -1;
    if (cx !== cy) return cx - cy;
    if (cx === -1) return 0;
  }
}
