// A thin bar with a percentage: how confident a pattern is (its calibrated lower bound).
import { css, html, LitElement } from "lit";
import { customElement, property } from "lit/decorators.js";
import { formatPercent } from "../format.js";

@customElement("hp-confidence")
export class HpConfidence extends LitElement {
  @property({ type: Number }) value = 0;

  static override styles = css`
    :host {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      font-variant-numeric: tabular-nums;
      font-size: 12px;
    }
    .track {
      width: 64px;
      height: 6px;
      border-radius: 3px;
      background: var(--hp-chip);
      overflow: hidden;
    }
    .fill {
      height: 100%;
      background: var(--hp-primary);
    }
  `;

  override render() {
    const v = Math.min(1, Math.max(0, this.value));
    return html`<span
        class="track"
        role="meter"
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow=${Math.round(v * 100)}
        aria-label="Confidence"
        title="How sure Home Patterns is that this habit is real and not chance (a cautious estimate)"
        ><div class="fill" style="width:${(v * 100).toFixed(0)}%"></div></span
      ><span>${formatPercent(v)} confidence</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "hp-confidence": HpConfidence;
  }
}
