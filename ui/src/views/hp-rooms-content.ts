// Rooms renderer: a heatmap per area (hour of week) and the most frequent moves from one area to another.
import { css, html, LitElement } from "lit";
import { customElement, property } from "lit/decorators.js";
import "../components/hp-heatmap.js";
import { weekRows } from "../components/hp-heatmap.js";
import { renderLoadState } from "../components/load-state.js";
import type { AreaActivityResponse, AreaSummary } from "../data/areas.js";
import type { LoadState } from "../data/resource.js";
import { formatCount, formatCounted, formatDayRange, humanize } from "../format.js";
import { sharedStyles } from "../theme.js";

@customElement("hp-rooms-content")
export class HpRoomsContent extends LitElement {
  @property({ attribute: false }) areas: LoadState<AreaSummary[]> = { status: "idle" };
  @property({ attribute: false }) activity: LoadState<AreaActivityResponse> = { status: "idle" };
  /** Only this area, when set. */
  @property() area = "";

  static override styles = [
    sharedStyles,
    css`
      .bar {
        height: 8px;
        border-radius: 4px;
        background: var(--hp-primary);
        min-width: 2px;
      }
      td.bar-cell {
        width: 40%;
      }
      .areas-grid {
        display: grid;
        gap: 16px;
        grid-template-columns: repeat(auto-fill, minmax(min(320px, 100%), 1fr));
      }
      .wide {
        grid-column: 1 / -1;
      }
    `,
  ];

  override render() {
    const names = new Map((this.areas.status === "ready" ? this.areas.data : []).map((a) => [a.areaId, a.name]));
    return html`<div class="filters">
        <label
          >Area
          <select name="area" @change=${(e: Event) => this.dispatchEvent(new CustomEvent<string>("hp-area", { detail: (e.target as HTMLSelectElement).value }))}>
            <option value="">All areas</option>
            ${(this.areas.status === "ready" ? this.areas.data : []).map(
              (a) =>
                html`<option value=${a.areaId} ?selected=${a.areaId === this.area}>${a.name} (${a.entities})</option>`,
            )}
          </select>
        </label>
      </div>
      ${this.areas.status === "error" ? renderLoadState(this.areas, () => html``) : ""}
      ${renderLoadState(this.activity, (d) => this.renderActivity(d, names), {
        empty:
          "No activity in any area yet. Areas come from Home Assistant's area registry: assign devices to areas there, and their activity shows here as events arrive.",
        isEmpty: (d) => d.areas.length === 0,
      })}`;
  }

  private renderActivity(d: AreaActivityResponse, names: Map<string, string>) {
    const areas = this.area ? d.areas.filter((a) => a.areaId === this.area) : d.areas;
    const moves = (
      this.area ? d.transitions.filter((t) => t.from === this.area || t.to === this.area) : d.transitions
    ).slice(0, 15);
    const max = Math.max(1, ...moves.map((t) => t.count));
    const name = (id: string) => names.get(id) ?? humanize(id);
    return html`<p class="muted" data-figure="rooms-period">
        Events per area by weekday and hour — darker means busier; each map's legend gives its own busiest hour. ${formatDayRange(d.days)}, from the
        ${d.source === "l2" ? "daily aggregates" : "raw events"}.
      </p>
      <div class="areas-grid">
      ${areas.length === 0 ? html`<div class="state" data-state="empty">No activity in this area on the days collected so far.</div>` : ""}
      ${areas.map(
        (a) => html`<section class="card" aria-label=${a.name} data-area=${a.areaId}>
          <h2>${a.name} <span class="muted" style="font-weight:400">· <span data-area-total>${formatCount(a.total)}</span> events</span></h2>
          <hp-heatmap .cells=${weekRows(a.hourOfWeek)} label=${`Activity in ${a.name} by weekday and hour`}></hp-heatmap>
        </section>`,
      )}
      <section class="card wide" aria-labelledby="moves">
        <h2 id="moves">Moves between areas</h2>
        ${
          moves.length === 0
            ? html`<div class="state" data-state="empty">No moves between areas seen yet: a move is activity in one area followed shortly by activity in another.</div>`
            : html`<div class="scroll-x">
              <table>
                <thead>
                  <tr><th>From</th><th>To</th><th class="num">Times (${formatCounted(d.days.length, "day")})</th><th><span class="visually-hidden">Share</span></th></tr>
                </thead>
                <tbody>
                  ${moves.map(
                    (t) => html`<tr>
                      <td>${name(t.from)}</td>
                      <td>${name(t.to)}</td>
                      <td class="num">${formatCount(t.count)}</td>
                      <td class="bar-cell"><div class="bar" style="width:${((t.count / max) * 100).toFixed(0)}%"></div></td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
        }
      </section>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "hp-rooms-content": HpRoomsContent;
  }
  interface HTMLElementEventMap {
    "hp-area": CustomEvent<string>;
  }
}
