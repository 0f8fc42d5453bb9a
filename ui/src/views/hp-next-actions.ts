// Renders the next likely actions: each device with its chance and the reason, for now and the coming parts of the day.
import { css, html, LitElement, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { PredictionsResponse } from "../data/predictions.js";
import { sharedStyles } from "../theme.js";

type Action = PredictionsResponse["now"]["actions"][number];

/**
 * The chance is the estimate the list is ranked by, of every device: what followed before weighed
 * with what is usual at this time, so a habit seen 9 of 10 times (the reason's "followed 9 of 10 times after …")
 * reads lower until it has been seen more often.
 */
const CHANCE_TITLE =
  "Estimated chance that this is the next device used, of all devices: what followed before, weighed with what is usual at this time of day until it has been seen often. The reason's figures count what happened before.";

@customElement("hp-next-actions")
export class HpNextActions extends LitElement {
  @property({ attribute: false }) data?: PredictionsResponse;

  static override styles = [
    sharedStyles,
    css`
      ol {
        margin: 0;
        padding-left: 20px;
      }
      li {
        margin: 6px 0;
      }
      .chance {
        color: var(--hp-muted);
        font-variant-numeric: tabular-nums;
      }
      .reason {
        display: block;
        font-size: 12px;
        color: var(--hp-muted);
      }
    `,
  ];

  override render() {
    const d = this.data;
    if (!d) return nothing;
    const later = d.parts.filter((p) => p.part !== d.now.part && p.actions.length > 0);
    return html`<p class="muted" data-next-when>
        ${d.now.last ? html`After ${d.now.last.name} (${d.now.last.stateLabel}), in the ${d.now.part}:` : html`In the ${d.now.part}:`}
      </p>
      ${this.renderList(d.now.actions, "now")}
      ${
        later.length > 0
          ? html`<details>
            <summary>Later today</summary>
            ${later.map((p) => html`<h3>${p.part}</h3>${this.renderList(p.actions.slice(0, 3), p.part)}`)}
          </details>`
          : nothing
      }`;
  }

  private renderList(actions: readonly Action[], when: string) {
    return html`<ol data-next-actions=${when}>
      ${actions.map(
        (a) => html`<li data-entity=${a.entity}>
          <strong>${a.name}</strong>
          <span class="chance" data-chance title=${CHANCE_TITLE}>${Math.round(a.probability * 100)} % chance next</span>
          <span class="reason">${a.reason}</span>
        </li>`,
      )}
    </ol>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "hp-next-actions": HpNextActions;
  }
}
