// What one contextual analysis (sun, presence, weather, temperature) claims about an entity's changes.
export interface Claim {
  context: string;
  summary: string;
  confidence: number;
  support: number;
  opportunities: number;
  lift: number;
  days: string[];
  params: Record<string, unknown>;
}
