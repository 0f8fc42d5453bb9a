// Which configured subscription a topic belongs to, and what it carries: a device state, the bridge inventory, or nothing for us.

export type TopicRoute =
  | { kind: "device"; base: string; device: string }
  | { kind: "bridge-devices"; base: string }
  | { kind: "ignore"; reason: string };

/** The literal part of a subscription before its first wildcard: "zigbee2mqtt/+" → "zigbee2mqtt". */
export function subscriptionBase(pattern: string): string {
  const parts = pattern.split("/");
  const wildcard = parts.findIndex((p) => p === "+" || p === "#");
  // A literal topic names one device: its base is the parent, its device the last level.
  const literal = wildcard < 0 ? parts.slice(0, -1) : parts.slice(0, wildcard);
  return literal.join("/");
}

/** MQTT topic filter matching (+ is one level, # the rest). */
export function topicMatches(pattern: string, topic: string): boolean {
  const p = pattern.split("/");
  const t = topic.split("/");
  for (let i = 0; i < p.length; i++) {
    if (p[i] === "#") return true;
    if (i >= t.length) return false;
    if (p[i] !== "+" && p[i] !== t[i]) return false;
  }
  return p.length === t.length;
}

/** Subtopics that are commands or availability, never device state. */
const NOT_STATE = new Set(["set", "get", "availability"]);

export function routeTopic(topic: string, patterns: readonly string[]): TopicRoute {
  const bases = patterns.map((p) => ({ pattern: p, base: subscriptionBase(p) }));
  for (const { base } of bases) {
    if (base !== "" && topic === `${base}/bridge/devices`) return { kind: "bridge-devices", base };
  }
  const match = bases
    .filter(({ pattern }) => topicMatches(pattern, topic))
    .sort((a, b) => b.base.length - a.base.length)[0];
  if (!match) return { kind: "ignore", reason: "no subscription matches" };
  const rest = match.base === "" ? topic : topic.slice(match.base.length + 1);
  const levels = rest.split("/");
  if (levels[0] === "bridge") return { kind: "ignore", reason: "zigbee2mqtt bridge topic" };
  if (levels.slice(1).some((l) => NOT_STATE.has(l))) return { kind: "ignore", reason: "command or availability topic" };
  if (rest === "") return { kind: "ignore", reason: "no device in topic" };
  return { kind: "device", base: match.base, device: rest };
}
