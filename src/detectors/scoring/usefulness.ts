// How useful a finding is to a person: the rank the catalog caps and orders by (not a confidence).

export interface UsefulnessInput {
  /** The finding's calibrated lower bound. */
  confidence: number;
  /** Share of the window's opportunities it happened on (support / opportunities). */
  regularity: number;
  /** Already done by an automation: worth knowing, not worth suggesting. */
  automated: boolean;
  /** The entity that would be automated can be controlled (a light, not a motion sensor). */
  actionable: boolean;
}

/** A product of factors in [0, 1]: each one alone can push a finding down the list. */
export function usefulness(input: UsefulnessInput): number {
  const regularity = Math.min(1, Math.max(0, input.regularity));
  const value =
    input.confidence * (0.5 + 0.5 * regularity) * (input.automated ? 0.4 : 1) * (input.actionable ? 1 : 0.6);
  return Math.round(value * 1000) / 1000;
}

/** Rounds a statistic for a finding's numbers (3 decimals): stable keys and readable JSON. */
export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
