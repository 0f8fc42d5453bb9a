// Words for findings: entity names and what reaching a state means ("turns on", "opens"), by device class.
import { domainOf } from "../../core/home-event.js";
import { stateBeing, stateLabelInline, stateVerb as verbOf } from "../../core/state-words.js";
import type { RegistryStore } from "../../storage/registry-store.js";

/** The area's name in the registry, else its id in words ("living_room" → "Living room"). */
export function areaName(area: string, registry: RegistryStore): string {
  const name = registry.listAreas().find((a) => a.areaId === area)?.name;
  if (name) return name;
  const words = area.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The registry's name, else the object id in words ("light.kitchen_ceiling" → "Kitchen ceiling light"). */
export function entityName(entity: string, registry: RegistryStore): string {
  const name = registry.getEntity(entity)?.name;
  if (name) return name;
  const domain = domainOf(entity);
  const words = entity.slice(domain.length + 1).replace(/_/g, " ");
  const noun = domain.replace(/_/g, " ");
  const text = words.includes(noun) || domain === "binary_sensor" || domain === "sensor" ? words : `${words} ${noun}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "turns on", "opens", "detects motion", or 'changes to "eco"': by the entity's device class when known. */
export function stateVerb(entity: string, state: string, registry: RegistryStore): string {
  return verbOf(entity, state, registry.deviceClassOf(entity));
}

/** A state inside a sentence: "on", "open", "detected", "not home". */
export function stateWord(entity: string, state: string, registry: RegistryStore): string {
  return stateLabelInline(entity, state, registry.deviceClassOf(entity));
}

/** A state after "while it was": "on", "open", "heating", "away". */
export function stateWhile(entity: string, state: string, registry: RegistryStore): string {
  return stateBeing(entity, state, registry.deviceClassOf(entity));
}

/** Short label of an entity reaching a state, for chains: "Kitchen light on", "Front door open". */
export function stepLabel(entity: string, state: string, registry: RegistryStore): string {
  return `${entityName(entity, registry)} ${stateWord(entity, state, registry)}`;
}

/** "45 s", "4 min", "1 h 20 min". */
export function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 90) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 90) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
