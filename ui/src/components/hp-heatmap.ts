// A 7 × 24 hour-of-week heatmap in SVG: weekdays down, hours across, darker means busier.
import { css, html, LitElement, svg } from "lit";
import { customElement, property } from "lit/decorators.js";
import { formatCount, WEEKDAYS } from "../format.js";

const CELL = 14;
const LEFT = 30;
const TOP = 14;

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
    rect.cell {
      fill: var(--hp-heat);
    }
    rect.empty {
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
    const height = TOP + 7 * CELL;
    return html`<svg viewBox="0 0 ${width} ${height}" role="img" aria-label=${this.label}>
      ${[0, 6, 12, 18].map((h) => svg`<text x=${LEFT + h * CELL + 1} y="10">${String(h).padStart(2, "0")}</text>`)}
      ${WEEKDAYS.map((d, i) => svg`<text x="0" y=${TOP + i * CELL + 10}>${d}</text>`)}
      ${this.cells.map((row, day) =>
        row.map((v, hour) => {
          const x = LEFT + hour * CELL;
          const y = TOP + day * CELL;
          const title = `${WEEKDAYS[day]} ${String(hour).padStart(2, "0")}:00 — ${formatCount(v)} ${this.unit}`;
          return v === 0
            ? svg`<rect class="empty" x=${x + 1} y=${y + 1} width=${CELL - 2} height=${CELL - 2} rx="2"><title>${title}</title></rect>`
            : svg`<rect class="cell" x=${x + 1} y=${y + 1} width=${CELL - 2} height=${CELL - 2} rx="2" opacity=${(0.18 + 0.82 * (v / max)).toFixed(2)}><title>${title}</title></rect>`;
        }),
      )}
    </svg>`;
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
