// The pattern filters (type, area, entity, status): shows the URL's values, reports changes for the URL.
import { html, LitElement } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { AreaSummary } from "../data/areas.js";
import type { EntitySummary } from "../data/entities.js";
import { PATTERN_STATUSES, PATTERN_TYPES } from "../data/patterns.js";
import { entityLabel, humanize, patternTypeLabel } from "../format.js";
import type { RouteParams } from "../route.js";
import { sharedStyles } from "../theme.js";

@customElement("hp-pattern-filters")
export class HpPatternFilters extends LitElement {
  @property({ attribute: false }) params: RouteParams = {};
  @property({ attribute: false }) areas: AreaSummary[] = [];
  @property({ attribute: false }) entities: EntitySummary[] = [];

  static override styles = sharedStyles;

  override render() {
    const p = this.params;
    return html`<form class="filters" role="search" aria-label="Filter patterns" @submit=${(e: Event) => e.preventDefault()}>
      <label
        >Type
        <select name="type" .value=${p.type ?? ""} @change=${this.changed}>
          <option value="">All types</option>
          ${PATTERN_TYPES.map((t) => html`<option value=${t} ?selected=${p.type === t}>${patternTypeLabel(t)}</option>`)}
        </select>
      </label>
      <label
        >Area
        <select name="area" .value=${p.area ?? ""} @change=${this.changed}>
          <option value="">All areas</option>
          ${this.areas.map((a) => html`<option value=${a.areaId} ?selected=${p.area === a.areaId}>${a.name}</option>`)}
        </select>
      </label>
      <label
        >Entity
        <input name="entity" list="entity-ids" placeholder="any entity" .value=${p.entity ?? ""} @change=${this.changed} />
        <datalist id="entity-ids">
          ${this.entities.map((e) => html`<option value=${e.entityId}>${entityLabel(e.entityId, e.name)}</option>`)}
        </datalist>
      </label>
      <label
        >Status
        <select name="status" .value=${p.status ?? ""} @change=${this.changed}>
          <option value="">Active and accepted</option>
          ${PATTERN_STATUSES.map((s) => html`<option value=${s} ?selected=${p.status === s}>${humanize(s)}</option>`)}
          <option value="all" ?selected=${p.status === "all"}>All</option>
        </select>
      </label>
      ${Object.keys(p).length ? html`<button type="button" @click=${() => this.emit({})}>Clear filters</button>` : ""}
    </form>`;
  }

  private changed(e: Event): void {
    const el = e.target as HTMLInputElement | HTMLSelectElement;
    const value = el.value.trim();
    // A filter changed leaves the one pattern a link showed (id) for the list it filters.
    const { id: _shown, ...filters } = this.params;
    this.emit({ ...filters, [el.name]: el.name === "entity" ? this.entityIdOf(value) : value });
  }

  /**
   * The entity typed: its id, or its name as the panel shows it ("Bedroom light"), in any case;
   * what matches neither is kept as typed (and matches no pattern).
   */
  private entityIdOf(typed: string): string {
    if (this.entities.some((e) => e.entityId === typed)) return typed;
    const lower = typed.toLowerCase();
    const named = this.entities.filter(
      (e) => e.entityId.toLowerCase() === lower || entityLabel(e.entityId, e.name).toLowerCase() === lower,
    );
    return named.length === 1 ? named[0].entityId : typed;
  }

  private emit(params: RouteParams): void {
    const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v));
    this.dispatchEvent(new CustomEvent<RouteParams>("hp-filters", { detail: clean }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "hp-pattern-filters": HpPatternFilters;
  }
  interface HTMLElementEventMap {
    "hp-filters": CustomEvent<RouteParams>;
  }
}
