// A bar chart in plain SVG: one bar per value, labels under some bars, a tooltip on each.
import { css, html, LitElement, svg } from "lit";
import { customElement, property } from "lit/decorators.js";
import { formatCount } from "../format.js";

@customElement("hp-bar-chart")
export class HpBarChart extends LitElement {
  @property({ attribute: false }) values: number[] = [];
  /** Text under each bar; empty strings leave gaps so narrow screens stay readable. */
  @property({ attribute: false }) labels: string[] = [];
  /** Tooltip per bar. */
  @property({ attribute: false }) titles: string[] = [];
  /** What the chart shows, for screen readers. */
  @property() label = "";
  @property({ type: Number }) height = 120;
  /** What the tallest bar counts, shown with its value ("events per hour"). */
  @property() unit = "";

  static override styles = css`
    :host {
      display: block;
      position: relative;
    }
    .ymax {
      position: absolute;
      top: -2px;
      right: 0;
      font-size: 11px;
      color: var(--hp-muted);
      background: var(--hp-card);
      padding: 0 2px;
    }
    svg {
      display: block;
      width: 100%;
    }
    rect.bar {
      fill: var(--hp-primary);
    }
    rect.bar:hover {
      opacity: 0.75;
    }
    line {
      stroke: var(--hp-divider);
    }
    text {
      fill: var(--hp-muted);
      font-size: 10px;
    }
    .axis {
      display: flex;
      font-size: 11px;
      color: var(--hp-muted);
    }
    .axis span {
      flex: 1;
      text-align: center;
      overflow: visible;
      white-space: nowrap;
    }
  `;

  override render() {
    const n = this.values.length;
    const max = Math.max(1, ...this.values);
    const width = Math.max(1, n) * 10;
    const h = this.height;
    return html`
      <div class="ymax" aria-hidden="true">${this.unit ? `max ${formatCount(max)} ${this.unit}` : formatCount(max)}</div>
      <svg viewBox="0 0 ${width} ${h}" preserveAspectRatio="none" style="height:${h}px" role="img" aria-label=${this.label}>
        <line x1="0" x2=${width} y1=${h - 0.5} y2=${h - 0.5}></line>
        ${this.values.map((v, i) => {
          const bh = v === 0 ? 0 : Math.max(2, (v / max) * (h - 4));
          return svg`<rect class="bar" x=${i * 10 + 1} y=${h - bh} width="8" height=${bh} rx="1.5"><title>${this.titles[i] ?? formatCount(v)}</title></rect>`;
        })}
      </svg>
      <div class="axis" aria-hidden="true">${this.values.map((_, i) => html`<span>${this.labels[i] ?? ""}</span>`)}</div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "hp-bar-chart": HpBarChart;
  }
}
