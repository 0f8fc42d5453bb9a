// The retained states and attributes of the entities Home Patterns announces.
import type { ChangePublisher } from "./change-publisher.js";
import type { DiscoveredComponent } from "./discovered-component.js";
import { attributesTopic, RETAINED, stateTopic } from "./discovery-topics.js";

/** Each only when it changed, unless `force`. */
export async function publishStates(
  out: ChangePublisher,
  components: readonly DiscoveredComponent[],
  force: boolean,
): Promise<void> {
  for (const component of components) {
    if (component.state !== undefined)
      await out.publish(stateTopic(component.objectId), component.state, RETAINED, force);
    if (component.attributes !== undefined) {
      await out.publish(attributesTopic(component.objectId), JSON.stringify(component.attributes), RETAINED, force);
    }
  }
}
