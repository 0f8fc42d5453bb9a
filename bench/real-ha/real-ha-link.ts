// The check's own link to a real Home Assistant: websocket commands and events, and its REST API.
import { systemClock } from "../../src/core/clock.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { HaConnection } from "../../src/sources/ha/ha-connection.js";
import type { HaEvent } from "../../src/sources/ha/ha-messages.js";

export interface HistoryRow {
  s: string;
  lu: number;
  lc?: number;
}

export class RealHaLink {
  readonly conn: HaConnection;

  constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {
    this.conn = new HaConnection({
      url: baseUrl,
      token,
      logger: createMemoryLogger(),
      clock: systemClock,
      backoff: { initialMs: 250, maxMs: 1_000 },
      connectTimeoutMs: 10_000,
    });
  }

  open(): Promise<void> {
    return this.conn.open();
  }

  close(): void {
    this.conn.close();
  }

  command<T>(message: { type: string; [key: string]: unknown }): Promise<T> {
    return this.conn.command<T>(message);
  }

  subscribe<D>(eventType: string, fn: (event: HaEvent<D>) => void): Promise<() => Promise<void>> {
    return this.conn.subscribeEvents<D>(eventType, fn);
  }

  async rest(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed };
  }

  /** HA's own record of the changes of each entity since `fromMs`: rows whose state differs from the one before. */
  async changesSince(entityIds: string[], fromMs: number): Promise<Map<string, { ts: number; state: string }[]>> {
    const result = await this.command<Record<string, HistoryRow[]>>({
      type: "history/history_during_period",
      start_time: new Date(fromMs).toISOString(),
      entity_ids: entityIds,
      include_start_time_state: true,
      significant_changes_only: false,
      minimal_response: false,
      no_attributes: true,
    });
    const out = new Map<string, { ts: number; state: string }[]>();
    for (const entity of entityIds) {
      const changes: { ts: number; state: string }[] = [];
      let previous: string | undefined;
      for (const [index, row] of (result[entity] ?? []).entries()) {
        const ts = Math.floor(Math.round((row.lc ?? row.lu) * 1_000_000) / 1000);
        if (index > 0 && row.s !== previous && ts > fromMs) changes.push({ ts, state: row.s });
        previous = row.s;
      }
      out.set(entity, changes);
    }
    return out;
  }
}
