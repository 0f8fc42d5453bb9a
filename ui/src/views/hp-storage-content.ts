// Storage renderer: the budget (used, what goes first), the rollups, then each layer with what it holds, its size, days and how long it is kept.
import { css, html, LitElement, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import "../components/hp-gauge.js";
import { renderLoadState } from "../components/load-state.js";
import type { LoadState } from "../data/resource.js";
import type { LayerSummary, StorageReport } from "../data/storage.js";
import {
  budgetStateLabel,
  formatBytes,
  formatCount,
  formatCounted,
  formatDateTime,
  formatDaySpan,
  formatElapsed,
  formatPercent,
} from "../format.js";
import { sharedStyles } from "../theme.js";

/** What each layer is for, by the start of its name in the report. */
const PURPOSE: [prefix: string, text: string][] = [
  ["L1", "Every state change as it arrived. Read for the timelines and to roll each closed day up."],
  ["L2", "One summary per day for each thing the detectors look at. The detectors read these, never the raw events."],
  ["L3", "Weekly and monthly summaries for slower habits: household sessions, kinds of day, context, seasons."],
  ["archive", "Closed days of raw events as compressed Parquet files, for the Analytics view."],
  ["L4", "The patterns you see, with your feedback."],
];

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
      }
      .top > div {
        display: flex;
        flex-direction: column;
        gap: 2px;
      }
      .label,
      .note {
        font-size: 12px;
        color: var(--hp-muted);
      }
      .note {
        margin-top: 12px;
        max-width: 70ch;
      }
      .stack {
        display: grid;
        gap: 16px;
      }
      details {
        margin-top: 4px;
        font-size: 12px;
      }
      summary {
        cursor: pointer;
        color: var(--hp-muted);
      }
      td .purpose {
        font-size: 12px;
        color: var(--hp-muted);
        max-width: 42ch;
      }
      td .kept {
        font-weight: 600;
        white-space: nowrap;
      }
      td .how {
        font-size: 12px;
        color: var(--hp-muted);
        max-width: 30ch;
      }
      td.days {
        white-space: nowrap;
      }
      .name {
        font-weight: 600;
      }
      /* A phone: each layer as a block of labelled lines, so how long it is kept needs no sideways scrolling. */
      @media (max-width: 600px) {
        table.layers thead {
          display: none;
        }
        table.layers > tbody > tr,
        table.layers > tbody > tr > td {
          display: block;
          border: none;
          padding: 2px 0;
          text-align: left;
        }
        table.layers > tbody > tr {
          padding: 10px 0;
          border-bottom: 1px solid var(--hp-divider);
        }
        table.layers > tbody > tr > td[data-label]::before {
          content: attr(data-label) ": ";
          color: var(--hp-muted);
          font-size: 12px;
        }
        table.layers td .kept,
        table.layers td .label,
        table.layers td .how {
          display: inline;
          margin-left: 6px;
        }
      }
    `,
  ];

  override render() {
    return renderLoadState(this.state, (d) => this.renderStorage(d), {
      empty: "Nothing stored yet: the layers fill as events arrive and the first day is rolled up after midnight.",
      isEmpty: (d) => d.layers.length === 0,
    });
  }

  private renderStorage(d: StorageReport) {
    return html`<div class="stack">
      ${this.renderBudget(d)} ${this.renderRollups(d)}
      <section class="card" aria-labelledby="layers-title">
        <h2 id="layers-title">Layers</h2>
        <div class="scroll-x">
          <table class="layers">
            <thead>
              <tr>
                <th>Layer</th>
                <th class="num">Rows</th>
                <th class="num">Size</th>
                <th>Days held</th>
                <th>Kept for</th>
              </tr>
            </thead>
            <tbody>
              ${d.layers.map((l) => this.renderLayer(l, d))}
            </tbody>
          </table>
        </div>
      </section>
    </div>`;
  }

  private renderBudget(d: StorageReport) {
    const { usedBytes, budgetBytes, state } = d.budget;
    const fraction = budgetBytes > 0 ? usedBytes / budgetBytes : 0;
    const trouble = state === "over" || state === "disk_full" || d.guard.diskFull;
    return html`<section class="card" aria-labelledby="budget-title">
      <h2 id="budget-title">Storage budget</h2>
      <div class="top">
        <hp-gauge .fraction=${fraction} .state=${state} .value=${formatPercent(fraction)} label="Storage budget used"></hp-gauge>
        <div>
          <span><span class="figure" data-figure="budget-used">${formatBytes(usedBytes)}</span> <span class="muted">used of ${formatBytes(budgetBytes)}</span></span>
          <span><span class="chip ${state === "ok" ? "ok" : state === "near" ? "warn" : "error"}" data-figure="budget-state">${budgetStateLabel(state)}</span></span>
          <span class="label"
            >database ${formatBytes(d.budget.sqliteBytes)} · write-ahead log ${formatBytes(d.budget.walBytes)} · Parquet archive
            ${formatBytes(d.budget.archiveBytes)}</span
          >
        </div>
      </div>
      ${
        trouble
          ? html`<p class="state error" role="alert">
            ${state === "disk_full" || d.guard.diskFull ? "The disk is full." : "The storage budget is exceeded."}
            ${d.guard.lastError ? ` Last error: ${d.guard.lastError}` : ""}
          </p>`
          : nothing
      }
      <p class="note">
        When the store nears its budget the oldest data goes first: archive days no longer held as raw events, then raw days already
        rolled up, then the oldest daily summaries. Patterns stay. The budget is the <code>storage_budget_mb</code> option.
      </p>
    </section>`;
  }

  private renderRollups(d: StorageReport) {
    const run = d.lastRollup;
    return html`<section class="card" aria-labelledby="rollup-title">
      <h2 id="rollup-title">Rollups</h2>
      <div class="top">
        <div>
          <span class="figure" data-figure="days-rolled-up">${formatCount(d.days.rolledUp)}</span>
          <span class="label">days rolled up into daily summaries</span>
        </div>
        <div>
          <span class="figure">${run ? formatDateTime(run.at) : "not yet"}</span>
          <span class="label"
            >${
              run
                ? `last rollup: ${formatCounted(run.days.length, "day")}, ${formatCount(run.events)} events in ${formatElapsed(run.durationMs)}`
                : "the first rollup runs after the first day has closed"
            }</span
          >
          ${run?.error ? html`<span class="state error">${run.error}</span>` : nothing}
        </div>
        <div>
          <span class="figure">${d.nextRollupAt ? formatDateTime(d.nextRollupAt) : "—"}</span>
          <span class="label"
            >next rollup${d.days.pending.length ? ` · ${formatCounted(d.days.pending.length, "day")} waiting` : ""}${
              d.days.dirty.length ? ` · ${d.days.dirty.length} to redo (late events)` : ""
            }</span
          >
        </div>
      </div>
    </section>`;
  }

  private renderLayer(l: LayerSummary, d: StorageReport) {
    const purpose = PURPOSE.find(([prefix]) => l.name.startsWith(prefix))?.[1];
    const measured = d.budget.measuredPerTable;
    return html`<tr data-layer=${l.name}>
      <td>
        <div class="name">${l.name}</div>
        ${purpose ? html`<div class="purpose">${purpose}</div>` : nothing}
        ${
          l.tables?.length
            ? html`<details>
              <summary>${l.tables.length} tables</summary>
              <table>
                <tbody>
                  ${l.tables.map(
                    (t) => html`<tr>
                      <td>${t.name}</td>
                      <td class="num">${formatCounted(t.rows, "row")}</td>
                      <td class="num">${measured ? formatBytes(t.bytes) : "—"}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </details>`
            : nothing
        }
      </td>
      <td class="num" data-label="Rows">
        <span data-layer-rows>${formatCount(l.rows)}</span>${l.name.startsWith("archive") ? html`<div class="label">files, one a day</div>` : nothing}
      </td>
      <td class="num" data-label="Size">
        ${measured ? formatBytes(l.bytes) : "—"}
        ${
          measured && d.budget.budgetBytes > 0
            ? html`<div class="label">${shareOfBudget(l.bytes / d.budget.budgetBytes)} of budget</div>`
            : nothing
        }
      </td>
      <td class="days" data-label="Days held">${l.oldestDay && l.newestDay ? formatDaySpan(l.oldestDay, l.newestDay, d.days.today) : html`<span class="muted">none yet</span>`}</td>
      <td data-label="Kept for">
        <div class="kept" data-layer-kept>${keptFor(l)}</div>
        ${l.retention !== keptFor(l) ? html`<div class="how">${l.retention}</div>` : nothing}
      </td>
    </tr>`;
  }
}

/** "7 days", "52 weeks"; the archive has no limit of its own and lives within the budget; the catalog says its own rule. */
function keptFor(l: { name: string; retentionDays: number | null; retention: string }): string {
  const days = l.retentionDays;
  if (days === null) return l.name.startsWith("archive") ? "within the budget" : l.retention;
  if (days >= 28 && days % 7 === 0) return `${days / 7} weeks`;
  return formatCounted(days, "day");
}

/** Small shares keep a decimal so "0.1%" does not read as nothing. */
function shareOfBudget(fraction: number): string {
  if (fraction > 0 && fraction < 0.001) return "under 0.1%";
  if (fraction > 0 && fraction < 0.1) return `${(fraction * 100).toFixed(1)}%`;
  return formatPercent(fraction);
}

declare global {
  interface HTMLElementTagNameMap {
    "hp-storage-content": HpStorageContent;
  }
}
