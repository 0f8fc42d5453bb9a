// The area of an imported entity: Home Assistant's registry, else the user's map file, else its id.
import type { AreaRecord, RegistryStore } from "../../storage/registry-store.js";
import { slugify } from "../mqtt/entity-naming.js";
import { areaNameFromId, ROOM_WORDS } from "./room-words.js";

export interface AreaResolution {
  areaId: string;
  name: string;
  /** registry: HA says so; map: the user's file; entity-id: a known area's id or name in the entity id; room-word: a common room word in it. */
  via: "registry" | "map" | "entity-id" | "room-word";
}

export interface AreaResolver {
  resolveArea(entityId: string): AreaResolution | null;
}

export interface AreaResolverInput {
  /** The registry as synced from Home Assistant (may be empty when not connected). */
  registry?: RegistryStore;
  /** entity_id → area id or name, from the optional map file. */
  areaMap?: ReadonlyMap<string, string>;
}

/**
 * Order: an entity the registry knows gets the registry's answer (even none: HA is the truth
 * for its own entities); else the map file; else the longest known area found between
 * underscores in the object id (registry areas before the built-in room words).
 */
export function createAreaResolver(input: AreaResolverInput): AreaResolver {
  const registry = input.registry;
  const areas: AreaRecord[] = registry?.listAreas() ?? [];
  const byId = new Map(areas.map((a) => [a.areaId, a]));
  // Both an area's id and its slugified name are ways it shows up in entity ids.
  const knownWords = new Map<string, AreaRecord>();
  for (const area of areas) {
    knownWords.set(area.areaId, area);
    const slug = slugify(area.name);
    if (slug && !knownWords.has(slug)) knownWords.set(slug, area);
  }
  const knownByName = new Map(areas.map((a) => [a.name.trim().toLowerCase(), a]));

  const fromMap = (value: string): AreaResolution => {
    const trimmed = value.trim();
    const known = byId.get(trimmed) ?? knownByName.get(trimmed.toLowerCase()) ?? byId.get(slugify(trimmed));
    if (known) return { areaId: known.areaId, name: known.name, via: "map" };
    const areaId = slugify(trimmed);
    const looksLikeId = trimmed === areaId;
    return { areaId, name: looksLikeId ? areaNameFromId(areaId) : trimmed, via: "map" };
  };

  return {
    resolveArea(entityId) {
      if (registry?.getEntity(entityId)) {
        const areaId = registry.areaOf(entityId);
        if (!areaId) return null;
        return { areaId, name: byId.get(areaId)?.name ?? areaNameFromId(areaId), via: "registry" };
      }
      const mapped = input.areaMap?.get(entityId);
      if (mapped !== undefined && mapped.trim() !== "") return fromMap(mapped);
      const objectId = entityId.slice(entityId.indexOf(".") + 1);
      const known = longestWordIn(objectId, knownWords.keys());
      if (known) {
        const area = knownWords.get(known)!;
        return { areaId: area.areaId, name: area.name, via: "entity-id" };
      }
      const word = longestWordIn(objectId, ROOM_WORDS.keys());
      if (word) {
        const areaId = ROOM_WORDS.get(word)!;
        return { areaId, name: areaNameFromId(areaId), via: "room-word" };
      }
      return null;
    },
  };
}

/** The longest word that appears in the object id on underscore boundaries ("bedroom" is not in "bedrooms_x"). */
function longestWordIn(objectId: string, words: Iterable<string>): string | undefined {
  const padded = `_${objectId}_`;
  let best: string | undefined;
  for (const word of words) {
    if (padded.includes(`_${word}_`) && (!best || word.length > best.length)) best = word;
  }
  return best;
}
