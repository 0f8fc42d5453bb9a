// The database-backed import formats and how each one's source is opened from the command line.
import { HA_RECORDER_SOURCE, haRecorderSource } from "../sources/importers/ha-recorder.js";
import type { RecordSource } from "../sources/importers/record-importer.js";
import type { ParsedArgs } from "./parse-args.js";

export const RECORD_FORMATS = ["ha-recorder"] as const;

/** The record source for a database format, or undefined for the file formats. */
export function recordSourceFor(
  format: string,
  target: string,
  _args: ParsedArgs,
): { name: string; source: RecordSource } | undefined {
  switch (format) {
    case "ha-recorder":
      return { name: HA_RECORDER_SOURCE, source: haRecorderSource(target) };
    default:
      return undefined;
  }
}
