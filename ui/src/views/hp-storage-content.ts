// Storage renderer: budget gauge and rollup state, then one row per layer with rows, bytes, days held and retention.
import { LitElement, css, html, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import "../components/hp-gauge.js";
import { renderLoadState } from "../components/load-state.js";
import type { LoadState } from "../data/resource.js";
import type { StorageReport } from "../data/storage.js";
import { formatBytes, formatCount, formatDateTime, formatPercent, humanize } from "../format.js";
import { sharedStyles } from "../theme.js";

@customElement("hp-storage-content")
export class HpStorageContent extends LitElement {
  @property({ attribute: false }) state: LoadState<StorageReport> = { status: "idle" };

  static override styles = [
    sharedStyles,
    css`
      .top {
        display: flex;
        flex-wrap: wrap;
        gap: 16px 32px;
        align-items: center;
        margin-bottom: 16px;
      }
      .top > div {
        display: flex;
        flex-direction: column;
      }
      .label {
        font-size: 12px;
        color: var(--hp-muted);
      }
      details {
        margin-top: 4px;
        font-size: 12px;
      }
      summary {
        cursor: pointer;
        color: var(--hp-muted);
      }
      .retention {
        font-size: 12px;
        color: var(--hp-muted);
      }
    `,
  ];

  override render() {
    return html`<section class="card" aria-labelledby="storage-title">
      <h2 id="storage-title">Storage</h2>
      ${renderLoadState(this.state, (d) => this.renderStorage(d), {
        empty: "Nothing stored yet.",
        isEmpty: (d) => d.layers.length === 0,
      })}
    </section>`;
  }

  private renderStorage(d: StorageReport) {
    const { usedBytes, budgetBytes, state } = d.budget;
    const fraction = budgetBytes > 0 ? usedBytes / budgetBytes : 0;
    return html`<div class="top">
        <hp-gauge .fraction=${fraction} .state=${state} .value=${formatPercent(fraction)} label="Storage budget used"></hp-gauge>
        <div>
          <span class="figure" data-figure="budget-used">${formatBytes(usedBytes)}</span>
          <span class="label">of ${formatBytes(budgetBytes)} budget · <span class="chip ${state === "ok" ? "ok" : state === "near" ? "warn" : "error"}">${humanize(state)}</span></span>
          <span class="label">database ${formatBytes(d.budget.sqliteBytes)} · log ${formatBytes(d.budget.walBytes)} · archive ${formatBytes(d.budget.archiveBytes)}</span>
        </div>
        <div>
          <span class="figure">${d.lastRollup ? formatDateTime(d.lastRollup.at) : "never"}</span>
          <span class="label"
            >last rollup${d.lastRollup
              ? ` · ${d.lastRollup.days.length} day${d.lastRollup.days.length === 1 ? "" : "s"}, ${formatCount(d.lastRollup.events)} events in ${formatCount(d.lastRollup.durationMs)} ms`
              : ""}</span
          >
          ${d.lastRollup?.error ? html`<span class="state error">${d.lastRollup.error}</span>` : nothing}
        </div>
        <div>
          <span class="figure" data-figure="days-rolled-up">${formatCount(d.days.rolledUp)}</span>
          <span class="label"
            >days rolled up${d.days.pending.length ? ` · ${d.days.pending.length} waiting` : ""}${d.days.dirty.length
              ? ` · ${d.days.dirty.length} to redo (late events)`
              : ""}${d.nextRollupAt ? ` · next ${formatDateTime(d.nextRollupAt)}` : ""}</span
          >
        </div>
      </div>
      ${state === "over" || state === "disk_full" || d.guard.diskFull
        ? html`<p class="state error" role="alert">
            ${state === "disk_full" || d.guard.diskFull ? "The disk is full." : "The storage budget is exceeded."} The oldest archive days go
            first, then raw events already rolled up, then the oldest daily aggregates.${d.guard.lastError ? ` Last error: ${d.guard.lastError}` : ""}
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
              <th>Kept</th>
            </tr>
          </thead>
          <tbody>
            ${d.layers.map(
              (l) => html`<tr data-layer=${l.name}>
                <td>
                  ${l.name}
                  ${l.tables?.length
                    ? html`<details>
                        <summary>${l.tables.length} tables</summary>
                        <table>
                          <tbody>
                            ${l.tables.map(
                              (t) => html`<tr><td>${t.name}</td><td class="num">${formatCount(t.rows)}</td><td class="num">${formatBytes(t.bytes)}</td></tr>`,
                            )}
                          </tbody>
                        </table>
                      </details>`
                    : nothing}
                </td>
                <td class="num" data-layer-rows>${formatCount(l.rows)}</td>
                <td class="num">${d.budget.measuredPerTable ? formatBytes(l.bytes) : "—"}</td>
                <td>${l.oldestDay ?? "—"}</td>
                <td>${l.newestDay ?? "—"}</td>
                <td class="retention">${l.retention}</td>
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
