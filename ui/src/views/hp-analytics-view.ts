// Analytics data element: the SQL box (its text kept in the URL), example queries, and the result of a run.
import { css, html, LitElement, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { renderLoadState } from "../components/load-state.js";
import { exampleQueries, fetchAnalyticsViews, runAnalytics } from "../data/analytics.js";
import { Resource } from "../data/resource.js";
import { homeTimeZone } from "../format.js";
import { navigate, type RouteParams } from "../route.js";
import { sharedStyles } from "../theme.js";
import "./hp-analytics-result.js";

@customElement("hp-analytics-view")
export class HpAnalyticsView extends LitElement {
  @property({ attribute: false }) params: RouteParams = {};

  @state() private _sql = exampleQueries(undefined)[0].sql;
  /** The query the result below belongs to; undefined before the first run. */
  @state() private _ranSql: string | undefined;
  private readonly _result = new Resource(this, (signal) => runAnalytics(this._ranSql ?? this._sql, signal));
  private readonly _views = new Resource(this, fetchAnalyticsViews);

  static override styles = [
    sharedStyles,
    css`
      textarea {
        width: 100%;
        min-height: 140px;
        font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
        font-size: 13px;
        resize: vertical;
      }
      .examples {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        margin: 8px 0 12px;
      }
      .run {
        display: flex;
        gap: 12px;
        align-items: center;
        margin-top: 8px;
        flex-wrap: wrap;
      }
      .result {
        margin-top: 16px;
      }
      details {
        margin-bottom: 8px;
      }
      summary {
        cursor: pointer;
        color: var(--hp-primary);
      }
      ul.views {
        margin: 6px 0;
        padding-left: 18px;
        font-size: 13px;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    void this._views.run();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("params") && this.params.sql && this.params.sql !== this._sql) this._sql = this.params.sql;
  }

  override render() {
    return html`<section class="card" aria-labelledby="sql-title">
        <h2 id="sql-title">Ask the archive</h2>
        <p class="muted">Read-only SQL (DuckDB) over the archived raw events and the daily, weekly and monthly aggregates.</p>
        <details>
          <summary>Tables you can query</summary>
          ${renderLoadState(
            this._views.state,
            (d) => html`<ul class="views">
              ${d.views.map((v) => html`<li><code>${v.name}</code> <span class="muted">${v.description}</span></li>`)}
            </ul>`,
            { empty: "No table is available yet.", isEmpty: (d) => d.views.length === 0 },
          )}
        </details>
        <div class="examples" role="group" aria-label="Example queries">
          ${exampleQueries(homeTimeZone()).map((q) => html`<button type="button" @click=${() => this.choose(q.sql)}>${q.title}</button>`)}
        </div>
        <label for="sql" class="visually-hidden">SQL query</label>
        <textarea
          id="sql"
          spellcheck="false"
          .value=${this._sql}
          @input=${(e: Event) => (this._sql = (e.target as HTMLTextAreaElement).value)}
          @keydown=${(e: KeyboardEvent) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void this.run();
          }}
        ></textarea>
        <div class="run">
          <button class="primary" ?disabled=${this._result.state.status === "loading"} @click=${() => void this.run()}>Run query</button>
          <span class="muted">Ctrl+Enter runs it too. Results stop at the server's row limit.</span>
        </div>
      </section>
      <section class="card result" aria-label="Query result">
        ${
          this._ranSql !== undefined && this._ranSql !== this._sql && this._result.state.status !== "idle"
            ? html`<p class="state" data-state="stale">This result is of the query as it was when run; the query has changed since. Run it to see the new result.</p>`
            : nothing
        }
        <hp-analytics-result .state=${this._result.state}></hp-analytics-result>
      </section>`;
  }

  private choose(sql: string): void {
    this._sql = sql;
    navigate(this, { view: "analytics", params: { sql }, replace: true });
  }

  private async run(): Promise<void> {
    // The query goes into the URL, so a result can be shared as a link.
    navigate(this, { view: "analytics", params: { sql: this._sql }, replace: true });
    // The previous query's rows must not stay on screen while this one runs, nor under its error.
    this._result.reset();
    this._ranSql = this._sql;
    await this._result.run();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "hp-analytics-view": HpAnalyticsView;
  }
}
