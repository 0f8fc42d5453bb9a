// The real homes' section of EVALUATION.md: kept between markers so `npm run eval` leaves it alone.
import { existsSync, readFileSync } from "node:fs";

const START = "<!-- eval:real start -->";
const END = "<!-- eval:real end -->";

/** The section as stored in `file`, markers included, or "" when it has none. */
export function realSectionOf(file: string): string {
  if (!existsSync(file)) return "";
  const text = readFileSync(file, "utf8");
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  return a >= 0 && b > a ? text.slice(a, b + END.length) : "";
}

/** `markdown` with its real-homes section replaced by `section` (appended when it had none). */
export function withRealSection(markdown: string, section: string): string {
  const wrapped = section.startsWith(START) ? section : `${START}\n${section.trim()}\n${END}`;
  const a = markdown.indexOf(START);
  const b = markdown.indexOf(END);
  if (a >= 0 && b > a) return markdown.slice(0, a) + wrapped + markdown.slice(b + END.length);
  return `${markdown.trimEnd()}\n\n${wrapped}\n`;
}
