// Patterns data element: the filtered, ranked list from the URL's filters, feedback actions, automation suggestions.
import { css, html, LitElement, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { fetchAreas } from "../data/areas.js";
import { fetchEntities } from "../data/entities.js";
import type { LiveFeed } from "../data/live-feed.js";
import {
  acceptPattern,
  dismissPattern,
  fetchPatternAsList,
  fetchPatterns,
  type StoredPattern,
  snoozePattern,
  unsnoozePattern,
} from "../data/patterns.js";
import { Resource } from "../data/resource.js";
import { createAutomation, fetchSuggestion } from "../data/suggestions.js";
import { navigate, type RouteParams } from "../route.js";
import { sharedStyles } from "../theme.js";
import "./hp-pattern-filters.js";
import "./hp-pattern-list.js";
import type { PatternActionDetail, SuggestionState } from "./hp-pattern-list.js";

/** `id` shows that one pattern (the overview links to it); the others filter the list. */
const FILTER_KEYS = ["id", "type", "area", "entity", "status"] as const;

@customElement("hp-patterns-view")
export class HpPatternsView extends LitElement {
  @property({ attribute: false }) live?: LiveFeed;
  @property({ attribute: false }) params: RouteParams = {};

  @state() private _busy = new Set<number>();
  @state() private _message: { text: string; error: boolean; undo?: StoredPattern } | null = null;
  @state() private _suggestion: SuggestionState | null = null;

  private readonly _patterns = new Resource(this, async (signal) => {
    if (this.params.id) return fetchPatternAsList(this.params.id, signal);
    const { type, area, entity, status } = this.params;
    // The API refuses an entity it does not know with a 400; the list says so in the filter's words.
    if (entity && !(await this.knownEntityIds(signal)).has(entity)) return { total: 0, patterns: [] };
    return fetchPatterns({ type, area, entity, status }, signal);
  });
  private readonly _areas = new Resource(this, fetchAreas);
  private readonly _entities = new Resource(this, fetchEntities);
  private _stopLive: (() => void) | undefined;

  static override styles = [
    sharedStyles,
    css`
      .message {
        margin-bottom: 12px;
      }
      .message.error {
        color: var(--hp-error);
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    void this._areas.run();
    void this._entities.run();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._stopLive?.();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("params")) {
      const before = (changed.get("params") as RouteParams | undefined) ?? null;
      if (!before || FILTER_KEYS.some((k) => before[k] !== this.params[k])) void this._patterns.run();
    }
    if (changed.has("live")) {
      this._stopLive?.();
      this._stopLive = this.live?.on("patternsUpdated", () => this._patterns.refresh(1000));
    }
  }

  override render() {
    return html`
      <hp-pattern-filters
        .params=${this.params}
        .areas=${this._areas.data ?? []}
        .entities=${this._entities.data ?? []}
        @hp-filters=${(e: CustomEvent<RouteParams>) => navigate(this, { view: "patterns", params: e.detail, replace: true })}
      ></hp-pattern-filters>
      ${
        this._message
          ? html`<div class="message ${this._message.error ? "error" : ""}" role="status">
              ${this._message.text}
              ${this.renderUndo(this._message.undo)}
            </div>`
          : ""
      }
      <hp-pattern-list
        .state=${this._patterns.state}
        .busy=${this._busy}
        .suggestion=${this._suggestion}
        .names=${this.names()}
        ?filtered=${FILTER_KEYS.some((k) => this.params[k])}
        .unknownEntity=${this.unknownEntity()}
        @hp-pattern-action=${(e: CustomEvent<PatternActionDetail>) => void this.act(e.detail)}
      ></hp-pattern-list>
    `;
  }

  /** The entities the service knows now (asked anew: one may have been forgotten since the list loaded). */
  private async knownEntityIds(signal: AbortSignal): Promise<Set<string>> {
    return new Set((await fetchEntities(signal)).map((e) => e.entityId));
  }

  /** The Entity filter's text when it names no entity the service knows (a typo), once they are loaded. */
  private unknownEntity(): string | undefined {
    const typed = this.params.entity;
    const known = this._entities.data;
    return typed && known && !known.some((e) => e.entityId === typed) ? typed : undefined;
  }

  /** Entity and area ids to the names Home Assistant gives them. */
  private names(): Map<string, string> {
    const names = new Map<string, string>();
    for (const e of this._entities.data ?? []) if (e.name) names.set(e.entityId, e.name);
    for (const a of this._areas.data ?? []) names.set(a.areaId, a.name);
    return names;
  }

  private async act(detail: PatternActionDetail): Promise<void> {
    const { pattern, action } = detail;
    if (action === "suggest") return this.suggest(pattern);
    if (action === "confirm-create" || action === "cancel-create") {
      if (this._suggestion) this._suggestion = { ...this._suggestion, confirming: action === "confirm-create" };
      return;
    }
    if (action === "create") return this.create(pattern);
    this._busy = new Set([...this._busy, pattern.id]);
    try {
      const updated =
        action === "accept"
          ? await acceptPattern(pattern.id)
          : action === "dismiss"
            ? await dismissPattern(pattern.id)
            : action === "snooze"
              ? await snoozePattern(pattern.id, detail.days ?? 7)
              : await unsnoozePattern(pattern.id);
      this._message = {
        text: `“${pattern.summary}” is now ${updated.status}.`,
        error: false,
        // A snoozed pattern leaves the default list: the undo is offered where the user just clicked.
        undo: action === "snooze" ? updated : undefined,
      };
      await this._patterns.run({ again: true });
    } catch (err) {
      this._message = { text: `Could not ${action} the pattern: ${(err as Error).message}`, error: true };
    } finally {
      const busy = new Set(this._busy);
      busy.delete(pattern.id);
      this._busy = busy;
    }
  }

  private renderUndo(pattern: StoredPattern | undefined) {
    return pattern === undefined
      ? nothing
      : html`<button data-undo @click=${() => void this.act({ pattern, action: "unsnooze" })}>Undo</button>`;
  }

  private async suggest(pattern: StoredPattern): Promise<void> {
    if (this._suggestion?.patternId === pattern.id && this._suggestion.state !== "loading") {
      this._suggestion = null; // a second click closes it
      return;
    }
    this._suggestion = { patternId: pattern.id, state: "loading" };
    try {
      this._suggestion = { patternId: pattern.id, state: "ready", item: await fetchSuggestion(pattern.id) };
    } catch (err) {
      this._suggestion = { patternId: pattern.id, state: "error", text: (err as Error).message };
    }
  }

  private async create(pattern: StoredPattern): Promise<void> {
    const current = this._suggestion;
    if (!current || current.patternId !== pattern.id) return;
    this._suggestion = { ...current, creating: true };
    try {
      const created = await createAutomation(pattern.id);
      this._suggestion = {
        ...current,
        confirming: false,
        creating: false,
        outcome: { text: `Created ${created.entityId}. ${created.note}`, error: false },
      };
      await this._patterns.run({ again: true });
    } catch (err) {
      this._suggestion = {
        ...current,
        confirming: false,
        creating: false,
        outcome: { text: (err as Error).message, error: true },
      };
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "hp-patterns-view": HpPatternsView;
  }
}
