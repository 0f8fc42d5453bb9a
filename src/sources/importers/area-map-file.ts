// Reads the optional entity → area map for imports: a JSON object, or CSV rows entity_id,area.
import { readFile } from "node:fs/promises";
import { InputError } from "../../core/errors.js";
import { parseCsvRecord } from "./csv-record.js";

const ENTITY_ID = /^[a-z0-9_]+\.[a-z0-9_]+$/;

/** entity_id → area (id or name). Every problem in the file is reported at once. */
export async function loadAreaMap(file: string): Promise<Map<string, string>> {
  const text = (await readFile(file, "utf8")).replace(/^\uFEFF/, "");
  return parseAreaMap(text, file);
}

export function parseAreaMap(text: string, file = "area map"): Map<string, string> {
  const problems: string[] = [];
  const map = new Map<string, string>();
  const add = (entity: string, area: string, where: string) => {
    if (!ENTITY_ID.test(entity)) problems.push(`${where}: not an entity id: ${JSON.stringify(entity)}`);
    else if (area.trim() === "") problems.push(`${where}: no area for ${entity}`);
    else map.set(entity, area.trim());
  };
  if (text.trimStart().startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new InputError(`${file}: not valid JSON: ${(err as Error).message}`);
    }
    for (const [entity, area] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof area !== "string") problems.push(`${entity}: area must be text, got ${JSON.stringify(area)}`);
      else add(entity, area, entity);
    }
  } else {
    text.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === "" || line.trimStart().startsWith("#")) return;
      const fields = parseCsvRecord(line);
      if (fields?.length !== 2) {
        problems.push(`line ${i + 1}: expected entity_id,area, got ${JSON.stringify(line)}`);
        return;
      }
      const [entity, area] = fields.map((f) => f.trim());
      if (i === 0 && entity.toLowerCase() === "entity_id") return;
      add(entity, area, `line ${i + 1}`);
    });
  }
  if (problems.length > 0) throw new InputError(`${file} has problems:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  return map;
}
