// A half-circle gauge in SVG: how much of a budget is used, coloured by state.
import { css, html, LitElement, svg } from "lit";
import { customElement, property } from "lit/decorators.js";

@customElement("hp-gauge")
export class HpGauge extends LitElement {
  /** 0..1 (values above 1 are drawn full). */
  @property({ type: Number }) fraction = 0;
  @property() state: "ok" | "near" | "over" | "disk_full" = "ok";
  @property() label = "";
  /** Text in the middle (e.g. "42%"). */
  @property() value = "";

  static override styles = css`
    :host {
      display: inline-block;
      width: 160px;
    }
    svg {
      display: block;
      width: 100%;
    }
    .track {
      stroke: var(--hp-chip);
    }
    .ok {
      stroke: var(--hp-ok);
    }
    .near {
      stroke: var(--hp-warn);
    }
    .over,
    .disk_full {
      stroke: var(--hp-error);
    }
    text {
      fill: var(--hp-text);
      font-size: 18px;
      font-weight: 600;
      text-anchor: middle;
    }
  `;

  override render() {
    const f = Math.min(1, Math.max(0, this.fraction));
    const r = 40;
    const arc = (to: number) => {
      const angle = Math.PI * (1 - to);
      return `M 10 50 A ${r} ${r} 0 0 1 ${(50 + r * Math.cos(angle)).toFixed(2)} ${(50 - r * Math.sin(angle)).toFixed(2)}`;
    };
    return html`<svg viewBox="0 0 100 58" role="img" aria-label=${this.label}>
      <path class="track" d=${arc(1)} fill="none" stroke-width="10" stroke-linecap="round"></path>
      ${f > 0 ? svg`<path class=${this.state} d=${arc(f)} fill="none" stroke-width="10" stroke-linecap="round"></path>` : ""}
      <text x="50" y="52">${this.value}</text>
    </svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "hp-gauge": HpGauge;
  }
}
