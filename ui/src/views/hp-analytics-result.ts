// Analytics result renderer: a table of the columns and rows a query returned.
import { html, LitElement } from "lit";
import { customElement, property } from "lit/decorators.js";
import { renderLoadState } from "../components/load-state.js";
import type { AnalyticsResult } from "../data/analytics.js";
import type { LoadState } from "../data/resource.js";
import { formatCounted, formatElapsed } from "../format.js";
import { sharedStyles } from "../theme.js";

const NUMERIC = /INT|DOUBLE|FLOAT|DECIMAL|REAL|NUMERIC/i;

@customElement("hp-analytics-result")
export class HpAnalyticsResult extends LitElement {
  @property({ attribute: false }) state: LoadState<AnalyticsResult> = { status: "idle" };

  static override styles = sharedStyles;

  override render() {
    return renderLoadState(this.state, (r) => this.renderTable(r), {
      idle: "Run a query to see its result here.",
      loading: "Running…",
      // Most errors are the query's (refused, bad SQL, too slow), not a page that failed to load.
      error: "The query did not run:",
      empty: "The query returned no rows.",
      isEmpty: (r) => r.rows.length === 0,
    });
  }

  private renderTable(r: AnalyticsResult) {
    const numeric = r.columns.map((c) => NUMERIC.test(c.type));
    return html`<p class="muted" data-figure="analytics-rows">
        ${formatCounted(r.rows.length, "row")}${r.truncated ? " (more were cut off at the row limit)" : ""} in ${formatElapsed(r.durationMs)}
      </p>
      <div class="scroll-x">
        <table>
          <thead>
            <tr>
              ${r.columns.map((c, i) => html`<th class=${numeric[i] ? "num" : ""} title=${c.type}>${c.name}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${r.rows.map(
              (row) => html`<tr>
                ${row.map((v, i) => html`<td class=${numeric[i] ? "num" : ""}>${cell(v)}</td>`)}
              </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return "NULL";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

declare global {
  interface HTMLElementTagNameMap {
    "hp-analytics-result": HpAnalyticsResult;
  }
}
