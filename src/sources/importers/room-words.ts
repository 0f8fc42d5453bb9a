// Room words commonly found in entity ids, with the area id each stands for.

/** word as it appears between underscores in an object id → area id. */
export const ROOM_WORDS: ReadonlyMap<string, string> = new Map([
  ["kitchen", "kitchen"],
  ["living_room", "living_room"],
  ["livingroom", "living_room"],
  ["lounge", "living_room"],
  ["dining_room", "dining_room"],
  ["diningroom", "dining_room"],
  ["bedroom", "bedroom"],
  ["master_bedroom", "master_bedroom"],
  ["guest_room", "guest_room"],
  ["guestroom", "guest_room"],
  ["kids_room", "kids_room"],
  ["nursery", "nursery"],
  ["bathroom", "bathroom"],
  ["toilet", "toilet"],
  ["wc", "toilet"],
  ["hallway", "hallway"],
  ["hall", "hallway"],
  ["corridor", "hallway"],
  ["entrance", "entrance"],
  ["entryway", "entrance"],
  ["office", "office"],
  ["study", "office"],
  ["garage", "garage"],
  ["garden", "garden"],
  ["backyard", "garden"],
  ["basement", "basement"],
  ["cellar", "basement"],
  ["attic", "attic"],
  ["laundry", "laundry"],
  ["laundry_room", "laundry"],
  ["utility_room", "laundry"],
  ["porch", "porch"],
  ["patio", "patio"],
  ["terrace", "terrace"],
  ["balcony", "balcony"],
  ["stairs", "stairs"],
  ["staircase", "stairs"],
  ["pantry", "pantry"],
  ["closet", "closet"],
]);

/** "living_room" → "Living Room". */
export function areaNameFromId(areaId: string): string {
  return areaId
    .split("_")
    .filter((w) => w !== "")
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(" ");
}
