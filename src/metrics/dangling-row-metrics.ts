// Rows whose ids are in no dictionary, as a Prometheus counter: removed when the store opened, skipped by readers since.
import type { DanglingRowCounts } from "../storage/sqlite/dangling-rows.js";
import type { MetricFamily } from "./prometheus-text.js";

export function danglingRowFamilies(counts: DanglingRowCounts): MetricFamily[] {
  const removed = Object.values(counts.removedAtOpen).reduce((a, b) => a + b, 0);
  return [
    {
      name: "home_patterns_dangling_rows_total",
      help: "Rows referring to ids no dictionary has: removed when the store opened, or skipped by readers since.",
      type: "counter",
      samples: [
        { labels: { action: "removed_at_open" }, value: removed },
        { labels: { action: "skipped_on_read" }, value: counts.skippedOnRead },
      ],
    },
  ];
}
