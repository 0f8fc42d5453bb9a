// The catalog's caps: the order patterns claim slots in, what each is charged to, and which only restate a kept chain.
import { isControllable } from "../layers/kinds/entity-classes.js";
import type { Finding } from "./finding.js";
import type { StoredPattern } from "./pattern-store.js";

/**
 * The entities a pattern takes a cap slot on. A finding that ties devices together uses a slot only
 * on the devices it would operate: the motion or door sensor in it is the trigger, not what a user
 * gets more of.
 */
export function cappedEntities(p: Finding): string[] {
  const entities = [...new Set(p.entities)];
  if (entities.length < 2) return entities;
  const controllable = entities.filter(isControllable);
  return controllable.length > 0 ? controllable : entities;
}

/**
 * A chain through three or more controllable devices (a routine such as bedroom light off, bathroom
 * light on, fan on) states what neither the single-entity findings on them nor any pair can, so it
 * takes its cap slots before them. Pairs and two-device chains rank by usefulness like the rest:
 * they restate little a person would not see from the findings on each device.
 */
export function tiesDevices(p: Finding): boolean {
  return cappedEntities(p).filter(isControllable).length >= 3;
}

/**
 * How long an automated light stays on follows from when the automation acts: the porch light's
 * seven hours say less than "on at sunset" and "off at 23:00", so it comes after them.
 */
function followsFromAutomation(p: Finding): boolean {
  return p.automated && p.type === "duration";
}

/** Accepted first, then chains through three devices, then the most useful; automated on-times last. */
export function capOrder(a: StoredPattern, b: StoredPattern): number {
  return (
    Number(b.status === "accepted") - Number(a.status === "accepted") ||
    Number(tiesDevices(b)) - Number(tiesDevices(a)) ||
    Number(followsFromAutomation(a)) - Number(followsFromAutomation(b)) ||
    b.usefulness - a.usefulness ||
    a.id - b.id
  );
}

type Step = { entity: string; state: string };

/**
 * Slots given out in cap order. Habits a person performs share `maxPerEntity` slots per device.
 * What an automation already does is worth one line ("this already happens by automation") but
 * suggests nothing, so it never takes a habit's slot: per device, one automated finding for each
 * state the automation puts it in (the porch light on at sunset, off at 23:00), the most useful
 * of the findings that say so. A pair whose trigger and follower are consecutive steps of a kept
 * chain says nothing the chain does not, and is not shown beside it.
 */
export class CapBudget {
  private total = 0;
  private readonly habits = new Map<string, number>();
  private readonly automations = new Set<string>();
  private readonly chainLinks = new Set<string>();

  constructor(
    private readonly maxPatterns: number,
    private readonly maxPerEntity: number,
  ) {}

  /** Whether the pattern gets its slots; `keep` (an accepted one) takes them whatever the caps say. */
  admit(p: Finding, keep: boolean): boolean {
    const entities = cappedEntities(p);
    const fits =
      this.total < this.maxPatterns &&
      !this.restatesChain(p) &&
      (p.automated ? this.automationFits(p, entities) : this.habitFits(entities));
    if (!fits && !keep) return false;
    this.total++;
    if (p.automated) for (const e of entities) this.automations.add(`${e}|${automatedState(p)}`);
    else for (const e of entities) this.habits.set(e, (this.habits.get(e) ?? 0) + 1);
    if (p.type === "sequence") {
      const steps = stepsOf(p);
      for (let i = 1; i < steps.length; i++) this.chainLinks.add(link(steps[i - 1], steps[i]));
    }
    return true;
  }

  private habitFits(entities: string[]): boolean {
    return entities.every((e) => (this.habits.get(e) ?? 0) < this.maxPerEntity);
  }

  private automationFits(p: Finding, entities: string[]): boolean {
    return entities.every((e) => !this.automations.has(`${e}|${automatedState(p)}`));
  }

  private restatesChain(p: Finding): boolean {
    if (p.type !== "co_occurrence") return false;
    return this.chainLinks.has(link(p.params.trigger, p.params.follower));
  }
}

function stepsOf(p: Finding): Step[] {
  return p.type === "sequence" ? p.params.steps : [];
}

const link = (from: Step, to: Step) => `${from.entity}|${from.state}>${to.entity}|${to.state}`;

/** The state an automated finding says the automation sets: its own state, a pair's follower's, or a duration's end. */
function automatedState(p: Finding): string {
  if ("state" in p.params) return p.params.state;
  if (p.type === "co_occurrence") return p.params.follower.state;
  if (p.type === "duration") return p.params.automatedState ?? "";
  return "";
}
