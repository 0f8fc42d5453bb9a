// Home Assistant style ids from free text: "Living Room Lamp" → "living_room_lamp".

/** Lowercase, accents folded, every run of other characters one "_", no "_" at either end. */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}
