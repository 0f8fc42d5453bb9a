// Anomaly timeline renderer: grouped by day, newest first, severity, what was expected, and the feedback buttons.
import { css, html, LitElement, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import { renderLoadState } from "../components/load-state.js";
import type { AnomalyListResponse, StoredAnomaly } from "../data/anomalies.js";
import type { LoadState } from "../data/resource.js";
import { entityLabel, formatDay, formatTime, humanize, withNames } from "../format.js";
import { type RouteParams, routeHref } from "../route.js";
import { sharedStyles } from "../theme.js";

export interface AnomalyActionDetail {
  anomaly: StoredAnomaly;
  action: "dismiss" | "normal";
}

const KINDS = ["unusual_time", "unusual_duration", "missed_routine", "activity_high", "activity_low", "unavailable"];

@customElement("hp-anomaly-timeline")
export class HpAnomalyTimeline extends LitElement {
  @property({ attribute: false }) state: LoadState<AnomalyListResponse> = { status: "idle" };
  @property({ attribute: false }) params: RouteParams = {};
  @property({ attribute: false }) busy: ReadonlySet<number> = new Set();
  /** Entity ids and area ids to their names. */
  @property({ attribute: false }) names: ReadonlyMap<string, string> = new Map();
  @property({ attribute: false }) areaNames: ReadonlyMap<string, string> = new Map();

  static override styles = [
    sharedStyles,
    css`
      .day {
        margin: 16px 0 6px;
        font-size: 13px;
        color: var(--hp-muted);
        font-weight: 600;
      }
      .item {
        display: grid;
        grid-template-columns: 80px 1fr;
        gap: 12px;
        padding: 10px 0;
        border-bottom: 1px solid var(--hp-divider);
      }
      .item:last-child {
        border-bottom: none;
      }
      .time {
        font-variant-numeric: tabular-nums;
        color: var(--hp-muted);
        border-left: 4px solid var(--hp-muted);
        padding-left: 8px;
      }
      .sev-high .time {
        border-color: var(--hp-error);
      }
      .sev-medium .time {
        border-color: var(--hp-warn);
      }
      .sev-low .time {
        border-color: var(--hp-ok);
      }
      .summary {
        font-size: 15px;
      }
      .actions {
        display: flex;
        gap: 6px;
        margin-top: 6px;
        flex-wrap: wrap;
      }
    `,
  ];

  override render() {
    const p = this.params;
    return html`<form class="filters" role="search" aria-label="Filter anomalies" @submit=${(e: Event) => e.preventDefault()}>
        <label
          >Status
          <select name="status" @change=${this.changed}>
            ${[
              ["", "Open"],
              ["all", "All"],
              ["dismissed", "Dismissed"],
              ["normal", "Marked normal"],
            ].map(([v, t]) => html`<option value=${v} ?selected=${(p.status ?? "") === v}>${t}</option>`)}
          </select>
        </label>
        <label
          >Kind
          <select name="kind" @change=${this.changed}>
            <option value="">All kinds</option>
            ${KINDS.map((k) => html`<option value=${k} ?selected=${p.kind === k}>${humanize(k)}</option>`)}
          </select>
        </label>
      </form>
      <section class="card" aria-label="Anomalies">
        ${renderLoadState(this.state, (d) => this.renderTimeline(d.anomalies), {
          empty:
            p.status || p.kind
              ? "No anomaly with these filters."
              : "Nothing unusual: no open anomaly. Events are checked as they arrive and each night against the weeks before; the checks start once a few days have been collected.",
          isEmpty: (d) => d.anomalies.length === 0,
        })}
      </section>`;
  }

  private renderTimeline(list: StoredAnomaly[]) {
    const days = new Map<string, StoredAnomaly[]>();
    for (const a of list) {
      const day = formatDay(a.ts);
      days.set(day, [...(days.get(day) ?? []), a]);
    }
    const which = !this.params.status ? "open " : "";
    return html`<p class="muted" data-figure="anomalies-count">${list.length} ${which}anomal${list.length === 1 ? "y" : "ies"}, newest first</p>
      ${[...days].map(
        ([day, items]) => html`<div class="day">${day}</div>
          ${items.map((a) => this.renderItem(a))}`,
      )}`;
  }

  private renderItem(a: StoredAnomaly) {
    const busy = this.busy.has(a.id);
    return html`<div class="item sev-${a.severity}" data-anomaly-id=${a.id}>
      <div class="time">${formatTime(a.ts)}</div>
      <div>
        <div class="summary">${withNames(a.summary, this.names)}</div>
        <div class="muted">
          <span class="chip ${a.severity === "high" ? "error" : a.severity === "medium" ? "warn" : "ok"}">${a.severity}</span>
          ${humanize(a.kind)} ·
          ${a.entity ? html`<a href=${routeHref("entity", { id: a.entity })}>${entityLabel(a.entity, this.names.get(a.entity))}</a>` : nothing}
          ${a.area ? html`in ${this.areaNames.get(a.area) ?? humanize(a.area)}` : nothing} · <span data-status>${a.status}</span>
        </div>
        <div>Expected: ${a.expected}</div>
        ${a.feedback ? html`<div class="muted">Your note: ${a.feedback}</div>` : nothing}
        ${
          a.status === "open"
            ? html`<div class="actions">
              <button ?disabled=${busy} @click=${() => this.emit(a, "normal")}>This is normal</button>
              <button ?disabled=${busy} @click=${() => this.emit(a, "dismiss")}>Dismiss</button>
            </div>`
            : nothing
        }
      </div>
    </div>`;
  }

  private changed(e: Event): void {
    const el = e.target as HTMLSelectElement;
    const next = { ...this.params, [el.name]: el.value };
    this.dispatchEvent(
      new CustomEvent<RouteParams>("hp-filters", {
        detail: Object.fromEntries(Object.entries(next).filter(([, v]) => v)),
      }),
    );
  }

  private emit(anomaly: StoredAnomaly, action: AnomalyActionDetail["action"]): void {
    this.dispatchEvent(new CustomEvent<AnomalyActionDetail>("hp-anomaly-action", { detail: { anomaly, action } }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "hp-anomaly-timeline": HpAnomalyTimeline;
  }
  interface HTMLElementEventMap {
    "hp-anomaly-action": CustomEvent<AnomalyActionDetail>;
  }
}
