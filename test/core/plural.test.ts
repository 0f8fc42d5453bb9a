// Counts read as English: "1 day", "2 days", "1 entity", "0 entities".
import { describe, expect, it } from "vitest";
import { counted } from "../../src/core/plural.js";

describe("counted", () => {
  it("takes the singular for one and the plural otherwise", () => {
    expect([counted(1, "day"), counted(0, "day"), counted(2, "day")]).toEqual(["1 day", "0 days", "2 days"]);
    expect([counted(1, "entity", "entities"), counted(3, "entity", "entities")]).toEqual(["1 entity", "3 entities"]);
  });
});
