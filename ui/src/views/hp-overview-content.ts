// Overview renderer: what was learned this week, open anomalies, ingest health and the storage budget.
import { css, html, LitElement, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import "../components/hp-bar-chart.js";
import "../components/hp-confidence.js";
import "../components/hp-gauge.js";
import { renderLoadState } from "../components/load-state.js";
import type { AnomalyListResponse } from "../data/anomalies.js";
import type { HealthResponse } from "../data/health.js";
import type { PatternListResponse } from "../data/patterns.js";
import type { PredictionsResponse } from "../data/predictions.js";
import type { LoadState } from "../data/resource.js";
import type { StatsResponse } from "../data/stats.js";
import type { StorageResponse } from "../data/storage.js";
import {
  budgetStateLabel,
  formatAgo,
  formatBytes,
  formatCount,
  formatCounted,
  formatDateTime,
  formatDuration,
  formatPercent,
  formatTime,
  patternTypeLabel,
  withNames,
} from "../format.js";
import { standbyNotice } from "../instances-notice.js";
import { routeHref } from "../route.js";
import "./hp-next-actions.js";
import { sharedStyles } from "../theme.js";

const SOURCE_STATE_CLASS: Record<string, string> = {
  connected: "ok",
  finished: "ok",
  starting: "warn",
  disconnected: "warn",
  stopped: "warn",
  error: "error",
};

@customElement("hp-overview-content")
export class HpOverviewContent extends LitElement {
  @property({ attribute: false }) health: LoadState<HealthResponse> = { status: "idle" };
  @property({ attribute: false }) stats: LoadState<StatsResponse> = { status: "idle" };
  @property({ attribute: false }) patterns: LoadState<PatternListResponse> = { status: "idle" };
  @property({ attribute: false }) anomalies: LoadState<AnomalyListResponse> = { status: "idle" };
  @property({ attribute: false }) storage: LoadState<StorageResponse> = { status: "idle" };
  @property({ attribute: false }) predictions: LoadState<PredictionsResponse> = { status: "idle" };
  @property({ type: Number }) learnedSince = 0;
  @property({ type: Number }) eventsLastMinute = 0;
  @property({ type: Boolean }) liveConnected = false;
  /** The service's clock speed: above 1 the demo's home lives faster than the real minute counted. */
  @property({ type: Number }) clockSpeed = 1;
  /** The service's clock, epoch ms. */
  @property({ type: Number }) now = Date.now();
  /** Entity ids to their names. */
  @property({ attribute: false }) names: ReadonlyMap<string, string> = new Map();

  static override styles = [
    sharedStyles,
    css`
      /*
       * Four cards and the wide ingest card, laid out by the width the panel has (in Home
       * Assistant, beside its sidebar): one column, two (two rows of two), or three with the
       * storage budget under the open anomalies, so that no card sits alone in a row.
       */
      :host {
        container-type: inline-size;
      }
      .overview {
        grid-template-columns: minmax(0, 1fr);
        grid-template-areas: "learned" "next" "anomalies" "budget" "ingest";
      }
      @container (min-width: 616px) {
        .overview {
          grid-template-columns: repeat(2, minmax(0, 1fr));
          grid-template-areas: "learned next" "anomalies budget" "ingest ingest";
        }
      }
      @container (min-width: 932px) {
        .overview {
          grid-template-columns: repeat(3, minmax(0, 1fr));
          grid-template-rows: 1fr auto auto;
          grid-template-areas: "learned next anomalies" "learned next budget" "ingest ingest ingest";
        }
      }
      [aria-labelledby="learned"] {
        grid-area: learned;
      }
      [aria-labelledby="next-actions"] {
        grid-area: next;
      }
      [aria-labelledby="open-anomalies"] {
        grid-area: anomalies;
      }
      [aria-labelledby="budget"] {
        grid-area: budget;
      }
      [aria-labelledby="ingest"] {
        grid-area: ingest;
      }
      .sources td:first-child {
        font-weight: 600;
      }
      .sources .detail {
        font-weight: 400;
        font-size: 12px;
        color: var(--hp-muted);
        overflow-wrap: anywhere;
      }
      .gauge-row {
        display: flex;
        gap: 16px;
        align-items: center;
        flex-wrap: wrap;
      }
      .severity-high {
        color: var(--hp-error);
      }
      .severity-medium {
        color: var(--hp-warn);
      }
      .pulse {
        display: inline-block;
        width: 8px;
        height: 8px;
        border-radius: 50%;
        background: var(--hp-ok);
        margin-right: 6px;
      }
      .pulse.off {
        background: var(--hp-muted);
      }
      .pattern-meta {
        display: flex;
        gap: 8px;
        flex-wrap: wrap;
        align-items: center;
        margin-top: 4px;
        font-size: 12px;
      }
    `,
  ];

  override render() {
    return html`<div class="grid overview">
      <section class="card" aria-labelledby="learned">
        <h2 id="learned">Learned this week</h2>
        ${renderLoadState(this.patterns, (d) => this.renderLearned(d), {
          empty:
            "No patterns yet. Each night, shortly after midnight, the day that ended is rolled up and searched for habits; most habits show after one to two weeks of days.",
          isEmpty: (d) => d.total === 0,
        })}
      </section>
      <section class="card" aria-labelledby="next-actions">
        <h2 id="next-actions">Likely next</h2>
        ${renderLoadState(this.predictions, (d) => html`<hp-next-actions .data=${d}></hp-next-actions>`, {
          empty:
            "Nothing to predict yet: once a few days of what is switched, opened and played by hand are rolled up, the devices most likely used next show here.",
          isEmpty: (d) => d.now.actions.length === 0,
        })}
      </section>
      <section class="card" aria-labelledby="open-anomalies">
        <h2 id="open-anomalies">Open anomalies</h2>
        ${renderLoadState(this.anomalies, (d) => this.renderAnomalies(d), {
          empty:
            "Nothing unusual right now. Events are checked as they arrive and each night against the weeks before.",
          isEmpty: (d) => d.anomalies.length === 0,
        })}
      </section>
      <section class="card" aria-labelledby="budget">
        <h2 id="budget">Storage budget</h2>
        ${renderLoadState(this.storage, (d) => this.renderBudget(d))}
      </section>
      <section class="card" aria-labelledby="ingest">
        <h2 id="ingest">Ingest health</h2>
        ${renderLoadState(this.stats, (d) => this.renderStats(d), {
          empty: "No events stored yet. Check that a source is connected below.",
          isEmpty: (d) => d.total === 0 && d.ingest.received === 0,
        })}
        <h3>Sources</h3>
        ${renderLoadState(this.health, (d) => this.renderSources(d), {
          empty: "No source is configured.",
          isEmpty: (d) => d.sources.length === 0,
        })}
      </section>
    </div>`;
  }

  private renderLearned(d: PatternListResponse) {
    const recent = d.patterns.filter((p) => p.firstSeen >= this.learnedSince);
    const shown = (recent.length ? recent : d.patterns).slice(0, 5);
    return html`<div class="figures">
        <div><span class="figure" data-figure="patterns-new">${formatCount(recent.length)}</span><span class="label">new this week</span></div>
        <div><span class="figure" data-figure="patterns-total">${formatCount(d.total)}</span><span class="label">active patterns</span></div>
      </div>
      ${recent.length === 0 ? html`<p class="muted">Nothing new this week; the strongest known patterns:</p>` : nothing}
      <ul class="plain">
        ${shown.map(
          (p) => html`<li>
            <div><a href=${routeHref("patterns", { id: String(p.id) })} data-pattern-link=${p.id}>${withNames(p.summary, this.names)}</a></div>
            <div class="pattern-meta">
              <span class="chip">${patternTypeLabel(p.type)}</span>
              <hp-confidence .value=${p.confidence}></hp-confidence>
              ${
                statesCount(p.summary)
                  ? nothing
                  : html`<span class="muted" title="times it happened, of the times it could have">seen ${p.support} of ${p.opportunities}</span>`
              }
            </div>
          </li>`,
        )}
      </ul>
      <p><a href=${routeHref("patterns")}>All patterns</a></p>`;
  }

  private renderAnomalies(d: AnomalyListResponse) {
    return html`<div class="figures">
        <div><span class="figure" data-figure="anomalies-open">${formatCount(d.anomalies.length)}</span><span class="label">open</span></div>
      </div>
      <ul class="plain">
        ${d.anomalies.slice(0, 4).map(
          (a) => html`<li>
            <div><span class="severity-${a.severity}" title=${`${a.severity} severity`}>●</span> ${withNames(a.summary, this.names)}</div>
            <div class="muted">${formatDateTime(a.ts)} · expected: ${a.expected}</div>
          </li>`,
        )}
      </ul>
      <p><a href=${routeHref("anomalies")}>All anomalies</a></p>`;
  }

  private renderStats(d: StatsResponse) {
    const bars = d.perHour.map((h) => h.count);
    const labels = d.perHour.map((h, i) => (i % 6 === 0 ? formatTime(h.hour) : ""));
    const titles = d.perHour.map((h) => `${formatTime(h.hour)}: ${formatCounted(h.count, "event")}`);
    const sources = Object.entries(d.bySource).sort((a, b) => b[1] - a[1]);
    const domains = Object.entries(d.byDomain).sort((a, b) => b[1] - a[1]);
    return html`<div class="figures">
        <div><span class="figure" data-figure="events-total">${formatCount(d.total)}</span><span class="label">raw events kept</span></div>
        <div><span class="figure" data-figure="events-24h">${formatCount(bars.reduce((a, b) => a + b, 0))}</span><span class="label">events in the last 24 h</span></div>
        <div>
          <span class="figure" data-figure="events-minute">${formatCount(this.eventsLastMinute)}</span>
          <span class="label"><span class="pulse ${this.liveConnected ? "" : "off"}"></span>${
            // Counted as events arrive, by the browser's clock: say so when the home's runs faster.
            this.clockSpeed === 1
              ? "in the last minute (live)"
              : `in the last real minute (live): ${formatDuration(60 * this.clockSpeed)} of the demo home's time`
          }</span>
        </div>
        <div><span class="figure" data-figure="store-size">${formatBytes(d.storeSizeBytes)}</span><span class="label">on disk, all layers</span></div>
      </div>
      <h3>Events per hour, last 24 hours</h3>
      <hp-bar-chart .values=${bars} .labels=${labels} .titles=${titles} unit="per hour" label="Events per hour over the last 24 hours"></hp-bar-chart>
      <div class="grid" style="margin-top:12px">
        <div>
          <h3>Since the service started</h3>
          <table>
            <tbody>
              <tr><td>Received</td><td class="num" data-figure="ingest-received">${formatCount(d.ingest.received)}</td></tr>
              <tr><td>Written to the raw store</td><td class="num" data-figure="ingest-stored">${formatCount(d.ingest.stored)}</td></tr>
              <tr><td>Duplicates dropped</td><td class="num">${formatCount(d.ingest.duplicates)}</td></tr>
              <tr><td>Malformed, skipped</td><td class="num">${formatCount(d.ingest.malformed)}</td></tr>
              <tr><td>Filtered out</td><td class="num">${formatCount(d.ingest.filtered)}</td></tr>
              <tr><td>Last batch</td><td class="num">${d.ingest.lastBatchAt ? formatAgo(d.ingest.lastBatchAt, this.now) : "never"}</td></tr>
            </tbody>
          </table>
          ${d.ingest.lastError ? html`<p class="state error">Last write error: ${d.ingest.lastError}</p>` : nothing}
        </div>
        <div>
          <h3>Raw events kept, by source</h3>
          <table>
            <tbody>
              ${sources.map(([s, n]) => html`<tr><td>${s}</td><td class="num" data-source=${s}>${formatCount(n)}</td></tr>`)}
            </tbody>
          </table>
          <h3 style="margin-top:12px">By domain</h3>
          <table>
            <tbody>
              ${domains.slice(0, 8).map(([s, n]) => html`<tr><td>${s}</td><td class="num">${formatCount(n)}</td></tr>`)}
            </tbody>
          </table>
        </div>
      </div>`;
  }

  /** Another instance publishes to Home Assistant: say so where the service's status is. */
  private renderStandby(d: HealthResponse) {
    const notice = standbyNotice(d.instances);
    return notice === undefined
      ? nothing
      : html`<p data-figure="standby"><span class="chip warn">standby</span> ${notice}</p>`;
  }

  private renderSources(d: HealthResponse) {
    return html`<p>
        Service <span class="chip ${d.status === "ok" ? "ok" : d.status === "degraded" ? "warn" : "error"}" data-figure="health-status">${d.status}</span>
        <span class="muted">· version ${d.version} · up ${formatDuration(d.uptimeSec)}</span>
        <span class="muted" data-figure="time-zone">· times in ${d.timeZone} (from ${d.timeZoneSource})</span>
      </p>
      ${this.renderStandby(d)}
      <div class="scroll-x">
        <table class="sources">
          <thead>
            <tr><th>Source</th><th>State</th><th class="num">Delivered since start</th><th>Last event</th></tr>
          </thead>
          <tbody>
            ${d.sources.map(
              (s) => html`<tr>
                <td>${s.name}<div class="detail">${s.detail ?? ""}</div></td>
                <td><span class="chip ${SOURCE_STATE_CLASS[s.state] ?? ""}" data-source-state=${s.name}>${s.state}</span></td>
                <td class="num" data-source-delivered=${s.name}>${formatCount(s.eventsDelivered)}</td>
                <td>${s.lastEventAt ? formatAgo(s.lastEventAt, this.now) : "—"}</td>
              </tr>`,
            )}
            ${d.stores.map(
              (s) => html`<tr>
                <td>${s.name} <span class="muted">(store)</span><div class="detail">${s.detail}${s.at === undefined ? "" : ` · ${formatDateTime(s.at)}`}</div></td>
                <td><span class="chip ${s.status === "ok" ? "ok" : s.status === "degraded" ? "warn" : "error"}">${s.status}</span></td>
                <td></td>
                <td></td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }

  private renderBudget(d: StorageResponse) {
    const { usedBytes, budgetBytes, state } = d.budget;
    const fraction = budgetBytes > 0 ? usedBytes / budgetBytes : 0;
    return html`<div class="gauge-row">
        <hp-gauge .fraction=${fraction} .state=${state} .value=${formatPercent(fraction)} label="Storage budget used"></hp-gauge>
        <div>
          <div><span class="figure" data-figure="budget-used">${formatBytes(usedBytes)}</span> <span class="muted">of ${formatBytes(budgetBytes)}</span></div>
          <div class="chip ${state === "ok" ? "ok" : state === "near" ? "warn" : "error"}">${budgetStateLabel(state)}</div>
        </div>
      </div>
      <p class="muted">${formatCounted(d.days.rolledUp, "day")} collected and rolled up so far.</p>
      <p><a href=${routeHref("storage")}>Storage details</a></p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "hp-overview-content": HpOverviewContent;
  }
}

/**
 * Whether a summary states its own count: "on 14 of 15 days", or by kind of day "on weekdays (10 of
 * 10) and … at weekends (4 of 4)". Only a summary without one gets the count beside it, labelled.
 */
function statesCount(summary: string): boolean {
  return /\d+ of \d+/.test(summary);
}
