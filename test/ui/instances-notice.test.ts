// The overview names the instance that publishes when this one stands by, and says nothing otherwise.
import { afterEach, describe, expect, it } from "vitest";
import type { InstanceSummary } from "../../src/web/api-types.js";
import { useHomeTimeZone } from "../../ui/src/format.js";
import { standbyNotice } from "../../ui/src/instances-notice.js";

const STARTED = Date.UTC(2026, 11, 7, 8, 0);
const self: InstanceSummary = {
  id: "b2b2b2b2b2b2",
  host: "new-pi",
  version: "0.2.0",
  startedAt: STARTED,
  role: "standby",
};
const publisher: InstanceSummary = {
  id: "a1a1a1a1a1a1",
  host: "old-nuc",
  version: "0.1.0",
  startedAt: STARTED,
  role: "publishing",
};

describe("the overview's standby notice", () => {
  afterEach(() => useHomeTimeZone(undefined));

  it("names the publishing instance while this one stands by", () => {
    useHomeTimeZone("UTC");
    const notice = standbyNotice({ self, others: [publisher], broker: "connected" });
    expect(notice).toMatch(
      /^Home Patterns 0\.1\.0 on old-nuc \(instance a1a1a1a1a1a1, started .*08\D00\) publishes to Home Assistant on the same MQTT broker\. This instance stands by: it learns but publishes, clears and removes nothing, and takes over when the other goes offline\.$/,
    );
  });

  it("says a copy of this data dir is one", () => {
    expect(standbyNotice({ self, others: [{ ...publisher, id: self.id }], broker: "connected" })).toContain(
      "(instance b2b2b2b2b2b2, started",
    );
    expect(standbyNotice({ self, others: [{ ...publisher, id: self.id }], broker: "connected" })).toContain(
      ", a copy of this one's data, publishes",
    );
  });

  it("says nothing while this instance publishes, or without a broker", () => {
    expect(standbyNotice({ self: { ...publisher }, others: [{ ...self }], broker: "connected" })).toBeUndefined();
    expect(standbyNotice(undefined)).toBeUndefined();
  });
});
