// Pattern list renderer: ranked cards with summary, confidence, support, status and the feedback buttons.
import { css, html, LitElement, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import "../components/hp-confidence.js";
import "../components/hp-copy-button.js";
import { renderLoadState } from "../components/load-state.js";
import type { PatternListResponse, StoredPattern } from "../data/patterns.js";
import type { LoadState } from "../data/resource.js";
import type { SuggestionResponse } from "../data/suggestions.js";
import { entityLabel, formatCounted, formatDateTime, humanize, patternTypeLabel, withNames } from "../format.js";
import { routeHref } from "../route.js";
import { sharedStyles } from "../theme.js";

export interface PatternActionDetail {
  pattern: StoredPattern;
  action: "accept" | "dismiss" | "snooze" | "unsnooze" | "suggest" | "confirm-create" | "create" | "cancel-create";
  days?: number;
}

export interface SuggestionState {
  patternId: number;
  state: "loading" | "error" | "ready";
  text?: string;
  item?: SuggestionResponse;
  /** The user asked to create it and is being asked to confirm. */
  confirming?: boolean;
  creating?: boolean;
  /** What Home Assistant did, or why it could not. */
  outcome?: { text: string; error: boolean };
}

@customElement("hp-pattern-list")
export class HpPatternList extends LitElement {
  @property({ attribute: false }) state: LoadState<PatternListResponse> = { status: "idle" };
  @property({ attribute: false }) busy: ReadonlySet<number> = new Set();
  @property({ attribute: false }) suggestion: SuggestionState | null = null;
  /** Registry names for entity ids and area ids, when loaded. */
  @property({ attribute: false }) names: ReadonlyMap<string, string> = new Map();
  /** The list is narrowed by filters (an empty list then means no match, not nothing learned). */
  @property({ type: Boolean }) filtered = false;
  /** The Entity filter when it names no known entity: the empty list then says so. */
  @property({ attribute: false }) unknownEntity: string | undefined;

  static override styles = [
    sharedStyles,
    css`
      li.pattern {
        display: grid;
        /* minmax(0, …): a long YAML line scrolls inside its box instead of widening the card */
        grid-template-columns: minmax(0, 1fr);
        gap: 6px;
      }
      .summary {
        font-size: 15px;
      }
      .meta {
        display: flex;
        flex-wrap: wrap;
        gap: 6px 12px;
        align-items: center;
        font-size: 12px;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
      }
      pre {
        background: var(--hp-chip);
        padding: 10px;
        border-radius: 8px;
        overflow-x: auto;
        font-size: 12px;
        margin: 6px 0 0;
      }
      .rank {
        color: var(--hp-muted);
        font-variant-numeric: tabular-nums;
        margin-right: 4px;
      }
    `,
  ];

  override render() {
    return html`<section class="card" aria-label="Patterns">
      ${renderLoadState(this.state, (d) => this.renderList(d), {
        empty: this.unknownEntity
          ? `No entity is called “${this.unknownEntity}”: pick one from the Entity field's list, by name or id.`
          : this.filtered
            ? "No pattern matches these filters."
            : "No patterns yet. Each night, shortly after midnight, the day that ended is rolled up and searched for habits; most habits show after one to two weeks of days.",
        isEmpty: (d) => d.patterns.length === 0,
      })}
    </section>`;
  }

  private renderList(d: PatternListResponse) {
    return html`<p class="muted" data-figure="patterns-count">
        ${formatCounted(d.total, "pattern")}, most useful first${d.total > d.patterns.length ? ` (first ${d.patterns.length} shown)` : ""}
      </p>
      <ul class="plain">
        ${d.patterns.map((p, i) => this.renderPattern(p, i + 1))}
      </ul>`;
  }

  private renderPattern(p: StoredPattern, rank: number) {
    const busy = this.busy.has(p.id);
    const open = p.status === "active" || p.status === "accepted";
    return html`<li class="pattern" data-pattern-id=${p.id}>
      <div class="summary"><span class="rank">${rank}.</span>${withNames(p.summary, this.names)}</div>
      <div class="meta">
        <span class="chip">${patternTypeLabel(p.type)}</span>
        <hp-confidence .value=${p.confidence}></hp-confidence>
        <span title="Support: the days (or times) it happened, of those it could have">seen ${p.support} of ${p.opportunities}</span>
        ${
          p.lift !== undefined
            ? html`<span data-lift title="Lift: how many times more often than chance alone would explain">${p.lift.toFixed(1)}× as often as by chance</span>`
            : nothing
        }
        <span class="chip ${p.status === "accepted" ? "ok" : p.status === "dismissed" ? "error" : ""}" data-status>${p.status}</span>
        ${p.automated ? html`<span class="chip">automated</span>` : nothing}
        ${p.snoozedUntil ? html`<span class="muted">snoozed until ${formatDateTime(p.snoozedUntil)}</span>` : nothing}
      </div>
      <div class="meta">
        ${p.entities.map((e) => html`<a href=${routeHref("entity", { id: e })}>${entityLabel(e, this.names.get(e))}</a>`)}
        ${p.area ? html`<span class="muted">in ${this.names.get(p.area) ?? humanize(p.area)}</span>` : nothing}
        <span class="muted">first seen ${formatDateTime(p.firstSeen)}</span>
      </div>
      <div class="actions">
        <button ?disabled=${busy || p.status === "accepted"} @click=${() => this.emit({ pattern: p, action: "accept" })}>Accept</button>
        <button ?disabled=${busy || p.status === "dismissed"} @click=${() => this.emit({ pattern: p, action: "dismiss" })}>Dismiss</button>
        ${
          p.status === "snoozed"
            ? html`<button ?disabled=${busy} @click=${() => this.emit({ pattern: p, action: "unsnooze" })}>Unsnooze</button>`
            : html`<button ?disabled=${busy || !open} @click=${() => this.emit({ pattern: p, action: "snooze", days: 7 })}>Snooze 7 days</button>`
        }
        <button
          aria-expanded=${this.suggestion?.patternId === p.id ? "true" : "false"}
          @click=${() => this.emit({ pattern: p, action: "suggest" })}
        >
          Suggest automation
        </button>
      </div>
      ${this.suggestion?.patternId === p.id ? this.renderSuggestion(this.suggestion) : nothing}
    </li>`;
  }

  private renderSuggestion(s: SuggestionState) {
    if (s.state === "loading") return html`<div class="state" aria-busy="true">Asking for a suggestion…</div>`;
    if (s.state === "error" || !s.item)
      return html`<div class="state error" role="alert">Could not load the suggestion: ${s.text}</div>`;
    const item = s.item;
    const pattern = this.patternById(item.patternId);
    if (!item.yaml)
      return html`<div class="state" data-suggestion="none">No automation to suggest: ${item.reason}</div>`;
    return html`<div class="suggestion" data-suggestion="yaml">
      <p><strong>${item.alias}</strong></p>
      <pre aria-label="Automation YAML">${item.yaml}</pre>
      <hp-copy-button .text=${item.yaml} label="Copy YAML"></hp-copy-button>
      ${s.outcome ? html`<p class=${s.outcome.error ? "state error" : "state"} role="status">${s.outcome.text}</p>` : nothing}
      ${
        !item.canCreate
          ? html`<p class="muted" data-suggestion="copy-only">
              Not connected to Home Assistant (demo mode): copy this YAML into Home Assistant's automation editor to use it.
            </p>`
          : !pattern || (s.outcome && !s.outcome.error)
            ? nothing
            : s.confirming
              ? html`<div class="actions" role="group" aria-label="Confirm creating the automation">
              <span>Create “${item.alias}” in Home Assistant?</span>
              <button class="primary" ?disabled=${s.creating} @click=${() => this.emit({ pattern, action: "create" })}>Create it</button>
              <button ?disabled=${s.creating} @click=${() => this.emit({ pattern, action: "cancel-create" })}>Cancel</button>
            </div>`
              : html`<div class="actions">
              <button @click=${() => this.emit({ pattern, action: "confirm-create" })}>Create in Home Assistant…</button>
            </div>`
      }
    </div>`;
  }

  private patternById(id: number): StoredPattern | undefined {
    return "data" in this.state ? this.state.data?.patterns.find((p) => p.id === id) : undefined;
  }

  private emit(detail: PatternActionDetail): void {
    this.dispatchEvent(new CustomEvent<PatternActionDetail>("hp-pattern-action", { detail }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "hp-pattern-list": HpPatternList;
  }
  interface HTMLElementEventMap {
    "hp-pattern-action": CustomEvent<PatternActionDetail>;
  }
}
