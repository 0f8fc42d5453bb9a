// The demo's whole start-up cycle runs without loading the MQTT client or DuckDB: neither is paid for unless used.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { StorageReport } from "../../src/storage/storage-report.js";
import { analysed, buildPanel, type DemoService, startDemoService } from "../ui/panel-harness.js";

// Loading either now fails the import that asked for it: the service must not need them here.
vi.mock("mqtt", () => {
  throw new Error("the mqtt client was loaded");
});
vi.mock("@duckdb/node-api", () => {
  throw new Error("DuckDB was loaded");
});

let service: DemoService;
beforeAll(async () => {
  service = await startDemoService({
    uiDir: buildPanel(),
    seed: 1,
    speed: 60,
    historyDays: 10,
    startAt: Date.parse("2026-03-12T09:00:00Z"),
  });
  await analysed(service.url, 90_000);
}, 120_000);
afterAll(() => service?.close());

describe("a demo without a broker and without analytics queries", () => {
  it("rolls up, archives the history's days to Parquet and finds patterns", async () => {
    const storage = (await (await fetch(new URL("api/storage", service.url))).json()) as StorageReport;
    const archive = storage.layers.find((l) => l.name.startsWith("archive"));
    expect([archive?.oldestDay, archive?.newestDay]).toEqual(["2026-03-02", "2026-03-11"]);
    expect(storage.budget.archiveBytes).toBeGreaterThan(0);
    const patterns = (await (await fetch(new URL("api/patterns", service.url))).json()) as { total: number };
    expect(patterns.total).toBeGreaterThan(0);
  });
});
