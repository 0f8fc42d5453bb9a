// A section of a generated report kept between named markers, so one script can rewrite it and leave the rest alone.
import { existsSync, readFileSync } from "node:fs";

const markers = (name: string) => [`<!-- ${name} start -->`, `<!-- ${name} end -->`] as const;

/** The named section stored in `file`, markers included, or "" when it has none. */
export function markedSectionOf(file: string, name: string): string {
  if (!existsSync(file)) return "";
  const [start, end] = markers(name);
  const text = readFileSync(file, "utf8");
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  return a >= 0 && b > a ? text.slice(a, b + end.length) : "";
}

/** `markdown` with its named section replaced by `section` (appended when it had none). */
export function withMarkedSection(markdown: string, name: string, section: string): string {
  const [start, end] = markers(name);
  const wrapped = section.startsWith(start) ? section : `${start}\n${section.trim()}\n${end}`;
  const a = markdown.indexOf(start);
  const b = markdown.indexOf(end);
  if (a >= 0 && b > a) return markdown.slice(0, a) + wrapped + markdown.slice(b + end.length);
  return `${markdown.trimEnd()}\n\n${wrapped}\n`;
}
