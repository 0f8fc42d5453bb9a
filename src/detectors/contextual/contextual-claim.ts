// What one contextual analysis (sun, presence, weather, temperature) claims about an entity's changes.
import type { ContextClaimParams } from "../../patterns/finding-params.js";

export interface Claim {
  summary: string;
  confidence: number;
  support: number;
  opportunities: number;
  lift: number;
  days: string[];
  /** The context it names and that context's numbers. */
  params: ContextClaimParams;
}
