// An instance's announcement on Home Assistant's bus: written and read back, and what is refused.
import { describe, expect, it } from "vitest";
import { busAnnouncementData, parseBusAnnouncement } from "../../../src/publish/instance-presence/bus-announcement.js";
import { newHostInstance } from "../../support/test-instances.js";

const NEW_HOST = newHostInstance(Date.parse("2026-12-07T08:00:00Z"));

describe("an instance's announcement on Home Assistant's bus", () => {
  it("carries the instance as its presence names it, and reads back", () => {
    const data = busAnnouncementData("publishing", NEW_HOST);
    expect(data).toEqual({
      kind: "publishing",
      id: "b2b2b2b2b2b2",
      run: "0000bbbb",
      host: "new-pi",
      version: "0.1.0",
      started_at: "2026-12-07T08:00:00.000Z",
    });
    expect(parseBusAnnouncement(data)).toEqual({ kind: "publishing", instance: NEW_HOST });
    expect(parseBusAnnouncement(busAnnouncementData("roll_call", NEW_HOST)).kind).toBe("roll_call");
  });

  it.each<[string, unknown, string]>([
    ["no object", [], "the data is not an object"],
    ["fired without data", {}, '"kind" is missing or not a text'],
    ["an unknown kind", { ...busAnnouncementData("publishing", NEW_HOST), kind: "resign" }, '"kind" is not one of'],
    ["no run", { ...busAnnouncementData("publishing", NEW_HOST), run: "" }, '"run" is missing or not a text'],
    ["a start that is no date", { ...busAnnouncementData("publishing", NEW_HOST), started_at: "soon" }, "not a date"],
  ])("refuses %s, saying why", (_, data, message) => {
    expect(() => parseBusAnnouncement(data)).toThrow(message);
  });
});
