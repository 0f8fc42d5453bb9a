// Home Assistant state_changed events as JSONL: one entity changing at the same times every day
// of November 2026 from the 1st, for tests that import a habit and detect it.

/** [hour, minute, new state, old state], in UTC. */
export type DailyChange = readonly [hour: number, minute: number, state: string, old: string];

export function dailyHistoryJsonl(
  entityId: string,
  changes: readonly DailyChange[],
  options: { days: number; attributes?: Record<string, unknown> },
): string {
  const lines: string[] = [];
  const attributes = options.attributes === undefined ? {} : { attributes: options.attributes };
  for (let day = 1; day <= options.days; day++) {
    for (const [hour, minute, state, old] of changes) {
      const when = new Date(Date.UTC(2026, 10, day, hour, minute)).toISOString();
      lines.push(
        JSON.stringify({
          event_type: "state_changed",
          time_fired: when,
          data: {
            entity_id: entityId,
            old_state: { state: old, ...attributes },
            new_state: { state, ...attributes, last_changed: when },
          },
        }),
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
