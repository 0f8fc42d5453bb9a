// Reads a finding's type-specific params strictly: a missing or odd value means no suggestion, with the reason.

/** Why a pattern gets no automation; the message is shown to the user as is. */
export class NoSuggestion extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "NoSuggestion";
  }
}

export function noSuggestion(reason: string): never {
  throw new NoSuggestion(reason);
}

/** Typed access to `Finding.params` for one pattern. */
export class PatternParams {
  constructor(
    private readonly params: Record<string, unknown>,
    private readonly type: string,
  ) {}

  has(name: string): boolean {
    return this.params[name] !== undefined && this.params[name] !== null;
  }

  number(name: string): number {
    const value = this.params[name];
    if (typeof value !== "number" || !Number.isFinite(value)) this.missing(name, "a number");
    return value;
  }

  optionalNumber(name: string): number | undefined {
    return this.has(name) ? this.number(name) : undefined;
  }

  string(name: string): string {
    const value = this.params[name];
    if (typeof value !== "string" || value === "") this.missing(name, "a text");
    return value;
  }

  optionalString(name: string): string | undefined {
    return this.has(name) ? this.string(name) : undefined;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T {
    const value = this.string(name);
    if (!(allowed as readonly string[]).includes(value)) this.missing(name, `one of ${allowed.join(", ")}`);
    return value as T;
  }

  /** A nested {entity, state} step, as co_occurrence and sequence findings carry them. */
  step(name: string): { entity: string; state: string } {
    const value = this.params[name];
    const step = asStep(value);
    if (!step) this.missing(name, "an {entity, state} step");
    return step;
  }

  steps(name: string): { entity: string; state: string }[] {
    const value = this.params[name];
    const steps = Array.isArray(value) ? value.map(asStep) : [];
    if (steps.length === 0 || steps.some((s) => s === undefined)) this.missing(name, "a list of {entity, state} steps");
    return steps as { entity: string; state: string }[];
  }

  numbers(name: string): number[] {
    const value = this.params[name];
    if (!Array.isArray(value) || value.some((v) => typeof v !== "number" || !Number.isFinite(v)))
      this.missing(name, "a list of numbers");
    return value as number[];
  }

  strings(name: string): string[] {
    const value = this.params[name];
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) this.missing(name, "a list of texts");
    return value as string[];
  }

  private missing(name: string, what: string): never {
    throw new NoSuggestion(`this ${this.type} pattern does not say ${name} (${what}), which the automation needs`);
  }
}

function asStep(value: unknown): { entity: string; state: string } | undefined {
  if (!value || typeof value !== "object") return undefined;
  const { entity, state } = value as { entity?: unknown; state?: unknown };
  return typeof entity === "string" && typeof state === "string" ? { entity, state } : undefined;
}
