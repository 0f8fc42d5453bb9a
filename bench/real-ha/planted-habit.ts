// Three weeks of one habit as state_changed JSON lines (the importer's format): the check's learned pattern.

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The light goes on within a few minutes of `minute` (UTC) on each of `days` days before today, off 40 min later. */
export function plantedHabitLines(entity: string, now: number, days: number, minute: number): string[] {
  const today = now - (now % DAY);
  const lines: string[] = [];
  let previous: { state: string; at: string } | undefined;
  let n = 0;
  for (let day = today - days * DAY; day < today; day += DAY) {
    const on = day + (minute + ((day / DAY) % 5) - 2) * MINUTE;
    for (const [ts, state] of [
      [on, "on"],
      [on + 40 * MINUTE, "off"],
    ] as const) {
      const at = new Date(ts).toISOString().replace("Z", "+00:00");
      const context = { id: `planted-${++n}`, parent_id: null, user_id: "planted-user" };
      const stateOf = (s: string, t: string) => ({
        entity_id: entity,
        state: s,
        attributes: {},
        last_changed: t,
        last_updated: t,
        context,
      });
      lines.push(
        JSON.stringify({
          event_type: "state_changed",
          data: {
            entity_id: entity,
            old_state: previous ? stateOf(previous.state, previous.at) : null,
            new_state: stateOf(state, at),
          },
          origin: "LOCAL",
          time_fired: at,
          context,
        }),
      );
      previous = { state, at };
    }
  }
  return lines;
}
