// Contexts a script runs in: a script a person starts runs in that person's context, without a parent.

/** Recent script runs kept: far more than can be running at once. */
const KEPT = 500;

/**
 * Home Assistant 2023.12 gives a script's changes the context of whoever called it: called
 * from an automation they carry its parent, but called from the app they carry the user and
 * no parent, like a change the person made by hand. The call_service of the script domain
 * comes first in that context, so its id tells the script's changes apart.
 */
export class ScriptContexts {
  private readonly ids = new Set<string>();

  noteCall(domain: string, contextId: string): void {
    if (domain !== "script") return;
    this.ids.add(contextId);
    if (this.ids.size > KEPT) this.ids.delete(this.ids.values().next().value as string);
  }

  has(contextId: string | undefined): boolean {
    return contextId !== undefined && this.ids.has(contextId);
  }
}
