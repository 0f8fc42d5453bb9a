// The retained discovery configs of our entities: published, remembered, and cleared once no longer produced.
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { ChangePublisher } from "./change-publisher.js";
import type { DiscoveredComponent } from "./discovered-component.js";
import {
  attributesTopic,
  configTopic,
  parseConfigTopicAnyPrefix,
  parseOwnConfigTopic,
  RETAINED,
  stateTopic,
} from "./discovery-topics.js";
import type { RememberedConfigTopics } from "./remembered-config-topics.js";

export interface ConfigPublishingDeps {
  out: ChangePublisher;
  /** The normalized discovery prefix. */
  prefix: string;
  logger: Logger;
  /** Absent: remembered for this run only. */
  rememberedTopics?: RememberedConfigTopics;
  /** Says what went wrong, for the status's lastError. */
  setLastError: (text: string) => void;
}

export interface ConfigPublishing {
  /** Clears every known config (this run's and earlier runs') the components no longer have, then publishes theirs. */
  publish(components: readonly DiscoveredComponent[], force: boolean): Promise<void>;
  /** Config topic → what it announces, as of the last publish. */
  produced(): ReadonlyMap<string, DiscoveredComponent>;
  /** Published since start or since taking over: we know what we produce. */
  haveProduced(): boolean;
  /** A retained config of ours from the broker: true when it is to be cleared now (clearIfStale). */
  retainedConfigSeen(topic: string): boolean;
  /** Clears the retained configs seen before the first publish that it did not produce. */
  clearStrays(): Promise<void>;
  /** Clears a config of ours unless we produce it. */
  clearIfStale(topic: string): Promise<void>;
  /** The gate closed: what to produce is known again only after the next publish. */
  standDown(): void;
}

export function createConfigPublishing(deps: ConfigPublishingDeps): ConfigPublishing {
  const { out, prefix, logger } = deps;
  /** config topic → what it announces, as of the last refresh. */
  let produced = new Map<string, DiscoveredComponent>();
  let haveProduced = false;
  /** Config topics published and not yet cleared, this run's and earlier runs'; loaded at the first refresh. */
  let remembered: Set<string> | undefined;
  /** Retained configs of ours seen before we knew what we produce: judged after the first refresh. */
  const strayConfigs = new Set<string>();

  function rememberTopics(topics: Set<string>): void {
    remembered = topics;
    try {
      deps.rememberedTopics?.save(topics);
    } catch (err) {
      // Publishing goes on: HA's entity registry is the second way to find what is left over.
      deps.setLastError(`remembering the published topics: ${errorMessage(err)}`);
      logger.warn("cannot remember the published MQTT discovery topics", { error: errorMessage(err) });
    }
  }

  /** The documented removal: an empty retained config; our retained state and attributes go with it. */
  async function removeComponent(topic: string, hasRetainedState: boolean, why: string): Promise<void> {
    const parsed = parseConfigTopicAnyPrefix(topic);
    logger.info("removing entity from Home Assistant", { topic, why });
    await out.publish(topic, "", RETAINED, true);
    out.forget(topic);
    if (!parsed || !hasRetainedState) return;
    for (const t of [stateTopic(parsed.objectId), attributesTopic(parsed.objectId)]) {
      await out.publish(t, "", RETAINED, true);
      out.forget(t);
    }
  }

  async function clearIfStale(topic: string): Promise<void> {
    if (produced.has(topic)) return;
    const parsed = parseOwnConfigTopic(prefix, topic);
    await removeComponent(topic, parsed !== undefined && parsed.component !== "event", "left by an earlier run");
  }

  return {
    async publish(components, force) {
      const next = new Map(components.map((c) => [configTopic(prefix, c.component, c.objectId), c] as const));
      remembered ??= deps.rememberedTopics?.load() ?? new Set();
      const known = new Set([...remembered, ...produced.keys()]);
      // Remembered before it is sent: a crash half way still leaves a record of every topic used.
      rememberTopics(new Set([...known, ...next.keys()]));
      const nextObjectIds = new Set(components.map((c) => c.objectId));
      for (const topic of known) {
        if (next.has(topic)) continue;
        const why = produced.has(topic) ? "no longer produced" : "published by an earlier run";
        const parsed = parseConfigTopicAnyPrefix(topic);
        // Under an old prefix the same object id may still be ours under the new one: its state stays.
        const ownsState = parsed !== undefined && parsed.component !== "event" && !nextObjectIds.has(parsed.objectId);
        await removeComponent(topic, ownsState, why);
      }
      produced = next;
      haveProduced = true;
      for (const [topic, component] of next)
        await out.publish(topic, JSON.stringify(component.config), RETAINED, force);
      rememberTopics(new Set(next.keys()));
    },

    produced: () => produced,
    haveProduced: () => haveProduced,

    retainedConfigSeen(topic) {
      if (!haveProduced) {
        strayConfigs.add(topic);
        return false;
      }
      return !produced.has(topic);
    },

    async clearStrays() {
      const stray = [...strayConfigs];
      strayConfigs.clear();
      for (const topic of stray) await clearIfStale(topic);
    },

    clearIfStale,

    standDown() {
      haveProduced = false;
      strayConfigs.clear();
    },
  };
}
