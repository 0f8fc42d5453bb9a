// Size of a file in bytes, 0 when it does not exist.
import { statSync } from "node:fs";

export function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
