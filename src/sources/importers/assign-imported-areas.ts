// Records imported entities, with the area each resolves to, in the registry store.
import type { AreaRecord, EntityRecord, RegistryStore } from "../../storage/registry-store.js";
import type { AreaResolution, AreaResolver } from "./resolve-area.js";

export interface AreaAssignment {
  /** Entities newly recorded (those Home Assistant's registry already had are left alone). */
  recorded: number;
  withArea: number;
  byVia: Partial<Record<AreaResolution["via"], number>>;
  /** Area ids that did not exist in the store before. */
  areasCreated: string[];
}

export function assignImportedAreas(
  registry: RegistryStore,
  entityIds: Iterable<string>,
  resolver: AreaResolver,
): AreaAssignment {
  const existingAreas = new Set(registry.listAreas().map((a) => a.areaId));
  const newAreas = new Map<string, AreaRecord>();
  const records: EntityRecord[] = [];
  const result: AreaAssignment = { recorded: 0, withArea: 0, byVia: {}, areasCreated: [] };
  for (const entityId of new Set(entityIds)) {
    if (registry.getEntity(entityId)) continue;
    const area = resolver.resolveArea(entityId);
    records.push({ entityId, areaId: area?.areaId ?? null });
    result.recorded++;
    if (!area) continue;
    result.withArea++;
    result.byVia[area.via] = (result.byVia[area.via] ?? 0) + 1;
    if (!existingAreas.has(area.areaId) && !newAreas.has(area.areaId)) {
      newAreas.set(area.areaId, { areaId: area.areaId, name: area.name });
    }
  }
  // Areas first: an entity never points at an area the store does not have.
  if (newAreas.size > 0) registry.upsertAreas([...newAreas.values()]);
  if (records.length > 0) registry.upsertEntities(records);
  result.areasCreated = [...newAreas.keys()].sort();
  return result;
}
