// What the app sees of the Home Assistant source: its dependencies, the home's config and the source's methods.
import type { Clock } from "../../core/clock.js";
import type { Logger } from "../../core/logger.js";
import type { RegistryStore } from "../../storage/registry-store.js";
import type { EventSource } from "../event-source.js";
import type { Backoff, SocketFactory } from "./ha-connection.js";
import type { HaContextEvent } from "./ha-event-mapping.js";
import type { HaDeviceEntry, HaEntityEntry, HaHistoryResult } from "./ha-messages.js";

export interface HaSourceDeps {
  /** ws://host:8123/api/websocket, http://host:8123, or ws://supervisor/core/websocket. */
  url: string;
  token: string;
  logger: Logger;
  clock: Clock;
  registry: RegistryStore;
  /** Newest stored event time per entity (EventStore.lastEventTimes): where a backfill resumes. */
  lastEventTimes: () => Map<string, number>;
  /** How far back a backfill reaches at most, and for entities with no stored event. Default 24 h. */
  maxBackfillMs?: number;
  /** How long a catch-up waits at most for the recorder to commit changes get_states shows. Default 60 s. */
  recorderWaitMs?: number;
  /** Source name on events and in status; default "ha". */
  name?: string;
  /**
   * Further event types to hear on Home Assistant's bus (another instance's announcements), told to
   * onBusEvent. Like call_service, types outside HA's allowlist need an administrator's token.
   */
  busEventTypes?: readonly string[];
  socketFactory?: SocketFactory;
  backoff?: Backoff;
  connectTimeoutMs?: number;
}

/** What the app takes from Home Assistant's get_config. */
export interface HaHomeConfig {
  /** IANA zone of the home ("Europe/Amsterdam"): the zone local days are counted in. */
  timeZone: string;
  version: string;
  locationName: string;
}

export interface HaSource extends EventSource {
  /** HA's config once read after connecting; undefined before the first connection. */
  homeConfig(): HaHomeConfig | undefined;
  /** Called after every get_config: on each (re)connect and when HA reports a config change. */
  onHomeConfig(listener: (config: HaHomeConfig) => void): () => void;
  /** Service calls and automation runs, for the context graph. */
  onContextEvent(listener: (event: HaContextEvent) => void): () => void;
  /** The events of busEventTypes as Home Assistant delivers them. */
  onBusEvent(listener: (eventType: string, data: unknown) => void): () => void;
  /** Fires an event on HA's bus (e.g. home_patterns_anomaly). Throws HaCommandError when not connected. */
  fireEvent(eventType: string, data?: Record<string, unknown>): Promise<void>;
  /** Home Assistant's users (config/auth/list, admin only): who may make destructive changes. */
  listUsers<T>(): Promise<T[]>;
  /** Home Assistant's entity registry as it is now (config/entity_registry/list). */
  listEntityRegistry(): Promise<HaEntityEntry[]>;
  /**
   * Removes an entry from Home Assistant's entity registry (config/entity_registry/remove); false
   * when HA has no such entry (any more). Throws HaCommandError for everything else.
   */
  removeEntityRegistryEntry(entityId: string): Promise<boolean>;
  /** Home Assistant's device registry as it is now (config/device_registry/list). */
  listDeviceRegistry(): Promise<HaDeviceEntry[]>;
  /** The entry ids of an integration's config entries (config_entries/get), e.g. the MQTT integration's. */
  configEntryIds(domain: string): Promise<string[]>;
  /**
   * Takes a config entry off a device (config/device_registry/remove_config_entry); HA removes the
   * device, and every entity still on it, when that was its last entry. False when HA has no such
   * device (any more). Throws HaCommandError for everything else.
   */
  removeDeviceConfigEntry(deviceId: string, configEntryId: string): Promise<boolean>;
  /** Resolves when the current connection's sync (config, registries, backfill) has finished. */
  synced(): Promise<void>;
  /** Called after each connection's sync has finished. */
  onSynced(listener: () => void): () => void;
  /** Whether Home Assistant has a state for the entity now (removed and disabled ones have none); undefined before the first connect. */
  hasEntity(entityId: string): boolean | undefined;
  /** Entities Home Assistant has a state for now. */
  liveEntities(): string[];
  /** The recorder's history of these entities since `startMs`, attribute changes and attributes included. */
  historyWithAttributes(entityIds: readonly string[], startMs: number): Promise<HaHistoryResult>;
}
