// A 7 × 24 hour-of-week heatmap in SVG: weekdays down, hours across, darker means busier, with a legend of its scale.
import { css, html, LitElement, svg } from "lit";
import { customElement, property } from "lit/decorators.js";
import { formatCount, WEEKDAYS } from "../format.js";

const CELL = 14;
const LEFT = 30;
const TOP = 14;
/** Room under the grid for the legend. */
const LEGEND = 22;
const SHADES = [0.18, 0.385, 0.59, 0.795, 1];

@customElement("hp-heatmap")
export class HpHeatmap extends LitElement {
  /** cells[weekday][hour], Monday first. */
  @property({ attribute: false }) cells: number[][] = [];
  @property() label = "";
  /** What one count is, for tooltips ("events"). */
  @property() unit = "events";

  static override styles = css`
    :host {
      display: block;
    }
    svg {
      display: block;
      width: 100%;
      max-width: 560px;
    }
    rect.cell,
    rect.swatch {
      fill: var(--hp-heat);
    }
    rect.empty,
    rect.swatch-empty {
      fill: var(--hp-chip);
    }
    text {
      fill: var(--hp-muted);
      font-size: 9px;
    }
  `;

  override render() {
    const max = Math.max(1, ...this.cells.flat());
    const width = LEFT + 24 * CELL;
    const height = TOP + 7 * CELL + LEGEND;
    const count = (v: number) => `${formatCount(v)} ${v === 1 ? this.unit.replace(/s$/, "") : this.unit}`;
    return html`<svg viewBox="0 0 ${width} ${height}" role="img" aria-label=${this.label}>
      ${[0, 6, 12, 18].map((h) => svg`<text x=${LEFT + h * CELL + 1} y="10">${String(h).padStart(2, "0")}</text>`)}
      ${WEEKDAYS.map((d, i) => svg`<text x="0" y=${TOP + i * CELL + 10}>${d}</text>`)}
      ${this.cells.map((row, day) =>
        row.map((v, hour) => {
          const x = LEFT + hour * CELL;
          const y = TOP + day * CELL;
          const title = `${WEEKDAYS[day]} ${String(hour).padStart(2, "0")}:00 — ${count(v)}`;
          return v === 0
            ? svg`<rect class="empty" x=${x + 1} y=${y + 1} width=${CELL - 2} height=${CELL - 2} rx="2"><title>${title}</title></rect>`
            : svg`<rect class="cell" x=${x + 1} y=${y + 1} width=${CELL - 2} height=${CELL - 2} rx="2" opacity=${(0.18 + 0.82 * (v / max)).toFixed(2)}><title>${title}</title></rect>`;
        }),
      )}
      ${this.renderLegend(TOP + 7 * CELL + 8, max, count)}
    </svg>`;
  }

  /** None, then the shades from one to this map's busiest hour: each map is scaled to its own. */
  private renderLegend(y: number, max: number, count: (v: number) => string) {
    const label = `${count(max)} (busiest hour)`;
    return svg`<g class="legend" data-legend=${`0 to ${label}`}>
      <rect class="swatch-empty" x=${LEFT + 1} y=${y} width=${CELL - 2} height=${CELL - 4} rx="2"></rect>
      <text x=${LEFT + CELL + 2} y=${y + 8}>0</text>
      ${SHADES.map(
        (o, i) =>
          svg`<rect class="swatch" x=${LEFT + (2.5 + i) * CELL} y=${y} width=${CELL - 2} height=${CELL - 4} rx="2" opacity=${o}></rect>`,
      )}
      <text x=${LEFT + 7.5 * CELL + 2} y=${y + 8}>${label}</text>
    </g>`;
  }
}

/** 168 hour-of-week values (Monday 00:00 first) as 7 rows of 24. */
export function weekRows(hourOfWeek: readonly number[]): number[][] {
  return Array.from({ length: 7 }, (_, d) => hourOfWeek.slice(d * 24, d * 24 + 24));
}

declare global {
  interface HTMLElementTagNameMap {
    "hp-heatmap": HpHeatmap;
  }
}
