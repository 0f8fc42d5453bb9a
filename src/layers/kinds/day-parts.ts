// Home Assistant's four fixed parts of the day, as its "common controls" counts them.

export const DAY_PARTS = ["morning", "afternoon", "evening", "night"] as const;
export type DayPart = (typeof DAY_PARTS)[number];

/** morning 6–12, afternoon 12–18, evening 18–22, night 22–6 (local hours). */
export function dayPartIndex(hour: number): number {
  if (hour >= 6 && hour < 12) return 0;
  if (hour >= 12 && hour < 18) return 1;
  if (hour >= 18 && hour < 22) return 2;
  return 3;
}

/** Hours of each part, so a prediction "for the evening" can weigh its hours. */
export function hoursOfPart(part: number): number[] {
  return Array.from({ length: 24 }, (_, h) => h).filter((h) => dayPartIndex(h) === part);
}
