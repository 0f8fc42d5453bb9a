// Why a pattern gets no automation: thrown by a rule, shown to the user as the reason.

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
