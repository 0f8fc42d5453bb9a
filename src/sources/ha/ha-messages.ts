// The shapes Home Assistant sends over its websocket API, as far as this project reads them.

export interface HaContext {
  id: string;
  parent_id: string | null;
  user_id: string | null;
}

/** A full state object (get_states, state_changed old_state/new_state). Times are ISO strings. */
export interface HaState {
  entity_id: string;
  state: string;
  attributes: Record<string, unknown>;
  last_changed: string;
  last_updated: string;
  context?: HaContext;
}

/** What a subscribe_events subscription delivers. */
export interface HaEvent<D = Record<string, unknown>> {
  event_type: string;
  data: D;
  origin: string;
  time_fired: string;
  context: HaContext;
}

export interface StateChangedData {
  entity_id: string;
  old_state: HaState | null;
  new_state: HaState | null;
}

export interface CallServiceData {
  domain: string;
  service: string;
  service_data?: Record<string, unknown>;
}

export interface AutomationTriggeredData {
  name: string;
  entity_id: string;
  source?: string;
}

/** get_config, reduced to what we use. */
export interface HaCoreConfig {
  time_zone: string;
  version: string;
  location_name: string;
  latitude?: number;
  longitude?: number;
  unit_system?: Record<string, string>;
}

export interface HaAreaEntry {
  area_id: string;
  name: string;
  floor_id?: string | null;
}

export interface HaDeviceEntry {
  id: string;
  name: string | null;
  name_by_user: string | null;
  area_id: string | null;
  manufacturer?: string | null;
  model?: string | null;
  /** HA 2026.9 child devices. */
  parent_device_id?: string | null;
  /** [domain, id] pairs, e.g. [["mqtt", "zigbee2mqtt_0x00158d0001a2b3c4"]]. */
  identifiers?: unknown[];
}

export interface HaEntityEntry {
  entity_id: string;
  name: string | null;
  original_name?: string | null;
  device_id: string | null;
  area_id: string | null;
  platform?: string | null;
  entity_category?: string | null;
  disabled_by?: string | null;
  unique_id?: string | null;
}

/** registry update events: `changes` holds the old values. */
export interface RegistryUpdatedData {
  action: "create" | "update" | "remove";
  entity_id?: string;
  old_entity_id?: string;
  device_id?: string;
  area_id?: string;
  changes?: Record<string, unknown>;
}

/**
 * One row of history/history_during_period's compressed format. Times are epoch seconds as a
 * float; `lc` is only present when it differs from `lu`; `a` is absent with no_attributes on
 * newer HA versions and `{}` on 2023.12.
 */
export interface HaCompressedHistoryRow {
  s: string;
  a?: Record<string, unknown>;
  lu: number;
  lc?: number;
}

export type HaHistoryResult = Record<string, HaCompressedHistoryRow[]>;
