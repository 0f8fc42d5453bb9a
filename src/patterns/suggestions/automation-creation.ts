// Saves a suggested automation in Home Assistant through its config API and says which entity it becomes.
import type { HaState } from "../../sources/ha/ha-messages.js";
import type { SuggestedAutomation } from "./automation-config.js";

/** What creating needs from Home Assistant's REST API (HaRestClient fits). */
export interface AutomationWriter {
  saveAutomation(id: string, config: SuggestedAutomation): Promise<void>;
  getStates(): Promise<HaState[]>;
}

export interface CreatedAutomation {
  automationId: string;
  /** automation.<slug of the alias>, as Home Assistant names it after its reload. */
  entityId: string;
  alias: string;
  /** True when an automation with this id existed and was replaced (its entity id stays). */
  replaced: boolean;
}

/**
 * HA answers the POST before it has reloaded its automations, so the entity id cannot be read
 * back at once; it is worked out the way HA names it: an automation that already has this id
 * keeps its entity; a new one gets automation.<slug of alias>, with _2, _3 … when that is taken.
 */
export async function createAutomation(
  ha: AutomationWriter,
  automationId: string,
  config: SuggestedAutomation,
): Promise<CreatedAutomation> {
  const states = await ha.getStates();
  const existing = states.find((s) => s.entity_id.startsWith("automation.") && s.attributes?.id === automationId);
  const entityId =
    existing?.entity_id ?? freeEntityId(`automation.${haSlug(config.alias)}`, new Set(states.map((s) => s.entity_id)));
  await ha.saveAutomation(automationId, config);
  return { automationId, entityId, alias: config.alias, replaced: existing !== undefined };
}

function freeEntityId(wanted: string, taken: ReadonlySet<string>): string {
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n++) if (!taken.has(`${wanted}_${n}`)) return `${wanted}_${n}`;
}

/** Home Assistant's slugify for entity ids: "Kitchen light on at 06:45" → "kitchen_light_on_at_06_45". */
export function haSlug(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return slug || "unknown";
}
