// Storage renderer: budget gauge, then one row per layer with rows, bytes, days held and retention.
import { LitElement, html, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import "../components/hp-gauge.js";
import { renderLoadState } from "../components/load-state.js";
import type { LoadState } from "../data/resource.js";
import type { StorageResponse } from "../data/storage.js";
import { formatBytes, formatCount, formatDateTime, formatPercent, humanize } from "../format.js";
import { sharedStyles } from "../theme.js";

@customElement("hp-storage-content")
export class HpStorageContent extends LitElement {
  @property({ attribute: false }) state: LoadState<StorageResponse> = { status: "idle" };

  static override styles = sharedStyles;

  override render() {
    return html`<section class="card" aria-labelledby="storage-title">
      <h2 id="storage-title">Storage</h2>
      ${renderLoadState(this.state, (d) => this.renderStorage(d), {
        empty: "Nothing stored yet.",
        isEmpty: (d) => d.layers.length === 0,
      })}
    </section>`;
  }

  private renderStorage(d: StorageResponse) {
    const { usedBytes, budgetBytes, state } = d.budget;
    const fraction = budgetBytes > 0 ? usedBytes / budgetBytes : 0;
    return html`<div class="figures" style="align-items:center">
        <hp-gauge .fraction=${fraction} .state=${state} .value=${formatPercent(fraction)} label="Storage budget used"></hp-gauge>
        <div>
          <span class="figure" data-figure="budget-used">${formatBytes(usedBytes)}</span>
          <span class="label">of ${formatBytes(budgetBytes)} budget · ${humanize(state)}</span>
        </div>
        <div>
          <span class="figure">${d.lastRollup ? formatDateTime(d.lastRollup.at) : "never"}</span>
          <span class="label">last rollup${d.lastRollup ? ` (${d.lastRollup.days.length} day${d.lastRollup.days.length === 1 ? "" : "s"}, ${d.lastRollup.durationMs} ms)` : ""}</span>
        </div>
      </div>
      ${state === "over" || state === "disk_full"
        ? html`<p class="state error" role="alert">
            ${state === "disk_full" ? "The disk is full." : "The budget is exceeded."} The oldest archive days, then raw events already rolled up,
            then the oldest daily aggregates are removed first.
          </p>`
        : nothing}
      <div class="scroll-x">
        <table>
          <thead>
            <tr>
              <th>Layer</th>
              <th class="num">Rows</th>
              <th class="num">Size</th>
              <th>Oldest day</th>
              <th>Newest day</th>
              <th class="num">Kept</th>
            </tr>
          </thead>
          <tbody>
            ${d.layers.map(
              (l) => html`<tr data-layer=${l.name}>
                <td>${l.name}</td>
                <td class="num" data-layer-rows>${formatCount(l.rows)}</td>
                <td class="num">${formatBytes(l.bytes)}</td>
                <td>${l.oldestDay ?? "—"}</td>
                <td>${l.newestDay ?? "—"}</td>
                <td class="num">${l.retentionDays === null ? "until dismissed" : `${formatCount(l.retentionDays)} days`}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "hp-storage-content": HpStorageContent;
  }
}
