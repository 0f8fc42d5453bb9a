// Entity renderer: hour-of-week heatmap, on-duration histogram, its patterns and anomalies, its recent timeline.
import { css, html, LitElement, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import "../components/hp-bar-chart.js";
import "../components/hp-confidence.js";
import "../components/hp-heatmap.js";
import "../components/hp-state-band.js";
import { renderLoadState } from "../components/load-state.js";
import type { AnomalyListResponse } from "../data/anomalies.js";
import {
  activeSpanWords,
  type DurationsResponse,
  type EntitySummary,
  type HeatmapResponse,
  stateLabel,
  type TimelineResponse,
  withUnit,
} from "../data/entities.js";
import type { PatternListResponse } from "../data/patterns.js";
import type { LoadState } from "../data/resource.js";
import {
  entityLabel,
  formatAgo,
  formatCount,
  formatDateTime,
  formatDayRange,
  formatDuration,
  patternTypeLabel,
  withNames,
} from "../format.js";
import { routeHref } from "../route.js";
import { sharedStyles } from "../theme.js";

@customElement("hp-entity-content")
export class HpEntityContent extends LitElement {
  @property() entityId = "";
  @property({ attribute: false }) entity?: EntitySummary;
  @property({ type: Number }) hours = 24;
  @property({ attribute: false }) hourChoices: number[] = [];
  @property({ attribute: false }) heatmap: LoadState<HeatmapResponse> = { status: "idle" };
  @property({ attribute: false }) durations: LoadState<DurationsResponse> = { status: "idle" };
  @property({ attribute: false }) timeline: LoadState<TimelineResponse> = { status: "idle" };
  @property({ attribute: false }) patterns: LoadState<PatternListResponse> = { status: "idle" };
  @property({ attribute: false }) anomalies: LoadState<AnomalyListResponse> = { status: "idle" };
  /** The service's clock, epoch ms. */
  @property({ type: Number }) now = Date.now();
  /** Entity ids to their names. */
  @property({ attribute: false }) names: ReadonlyMap<string, string> = new Map();

  static override styles = [
    sharedStyles,
    css`
      .head {
        margin-bottom: 16px;
      }
      .head h2 {
        font-size: 20px;
        margin-bottom: 2px;
      }
      .wide {
        grid-column: 1 / -1;
      }
      .changes {
        max-height: 320px;
        overflow-y: auto;
        margin-top: 12px;
      }
    `,
  ];

  override render() {
    const e = this.entity;
    const spanWords = activeSpanWords(this.entityId, e?.deviceClass);
    return html`<div class="head">
        <a href=${routeHref("entity")}>← All entities</a>
        <h2>${entityLabel(this.entityId, e?.name)}</h2>
        <div class="muted">
          ${this.entityId}${e?.areaName ? html` · ${e.areaName}` : nothing}${
            e?.lastState
              ? html` · now <strong>${withUnit(stateLabel(this.entityId, e.lastState, e.deviceClass), e.unit)}</strong>${e.lastEventAt ? `, changed ${formatAgo(e.lastEventAt, this.now)}` : ""}`
              : nothing
          }${
            e
              ? html` · <span data-figure="entity-events">${formatCount(e.events)}</span>
                <span title="Raw events are kept for a few days (see Storage); the charts read the daily aggregates, which go further back"
                  >change${e.events === 1 ? "" : "s"} in the raw store</span
                >`
              : nothing
          }
        </div>
      </div>
      <div class="grid">
        <section class="card" aria-labelledby="heat">
          <h2 id="heat">Changes by hour of week</h2>
          ${renderLoadState(this.heatmap, (d) => this.renderHeatmap(d), {
            empty: "No change of this entity on the days collected so far.",
            isEmpty: (d) => d.cells.flat().every((v) => v === 0),
          })}
        </section>
        <section class="card" aria-labelledby="dur">
          <h2 id="dur">${spanWords.heading}</h2>
          ${renderLoadState(this.durations, (d) => this.renderDurations(d), {
            empty: reportsNumbers(e)
              ? `${entityLabel(this.entityId, e?.name)} reports numbers, not on and off, so it has no on-periods.`
              : `No ${spanWords.span} has ended on the days collected so far.`,
            isEmpty: (d) => d.intervals === 0,
          })}
        </section>
        <section class="card" aria-labelledby="ent-patterns">
          <h2 id="ent-patterns">Its patterns</h2>
          ${renderLoadState(this.patterns, (d) => this.renderPatterns(d), {
            empty:
              "No pattern involves this entity yet. Habits are looked for each night over the days collected so far.",
            isEmpty: (d) => d.patterns.length === 0,
          })}
        </section>
        <section class="card" aria-labelledby="ent-anomalies">
          <h2 id="ent-anomalies">Its anomalies</h2>
          ${renderLoadState(this.anomalies, (d) => this.renderAnomalies(d), {
            empty: "Nothing unusual seen for this entity.",
            isEmpty: (d) => d.anomalies.length === 0,
          })}
        </section>
        <section class="card wide" aria-labelledby="timeline">
          <h2 id="timeline">Recent timeline</h2>
          <div class="filters">
            <label
              >Window
              <select
                @change=${(ev: Event) =>
                  this.dispatchEvent(
                    new CustomEvent<number>("hp-hours", { detail: Number((ev.target as HTMLSelectElement).value) }),
                  )}
              >
                ${this.hourChoices.map((h) => html`<option value=${h} ?selected=${h === this.hours}>last ${h < 48 ? `${h} h` : `${h / 24} days`}</option>`)}
              </select>
            </label>
          </div>
          ${renderLoadState(this.timeline, (d) => this.renderTimeline(d), {
            empty: `No change in the last ${this.hours} hours.`,
            isEmpty: (d) => d.events.length === 0,
          })}
        </section>
      </div>`;
  }

  private renderHeatmap(d: HeatmapResponse) {
    return html`<hp-heatmap .cells=${d.cells} unit="changes" label="Changes by weekday and hour"></hp-heatmap>
      <p class="muted">
        Darker means more changes in that hour. ${formatDayRange(d.days)}, from the ${d.source === "l2" ? "daily aggregates" : "raw events"}.
      </p>`;
  }

  private renderDurations(d: DurationsResponse) {
    const label = (from: number, to: number | null) =>
      to === null ? `≥${shortDuration(from)}` : `<${shortDuration(to)}`;
    const { spans } = activeSpanWords(this.entityId, this.entity?.deviceClass);
    const byLength = `${spans.charAt(0).toUpperCase()}${spans.slice(1)} by length`;
    return html`<div class="figures">
        <div><span class="figure">${d.medianSec === null ? "—" : formatDuration(d.medianSec)}</span><span class="label">median</span></div>
        <div><span class="figure">${formatCount(d.intervals)}</span><span class="label">${spans}</span></div>
      </div>
      <h3>${byLength}</h3>
      <hp-bar-chart
        .values=${d.bins.map((b) => b.count)}
        .labels=${d.bins.map((b) => label(b.fromSec, b.toSec))}
        .titles=${d.bins.map((b) => `${label(b.fromSec, b.toSec)}: ${b.count} ${spans}`)}
        unit=${spans}
        label=${byLength}
        height="90"
      ></hp-bar-chart>
      <p class="muted">${formatDayRange(d.days)}, from the ${d.source === "l2" ? "daily aggregates" : "raw events"}.</p>`;
  }

  private renderPatterns(d: PatternListResponse) {
    return html`<ul class="plain">
      ${d.patterns.map(
        (p) => html`<li>
          <div><a href=${routeHref("patterns", { id: String(p.id) })} data-pattern-link=${p.id}>${withNames(p.summary, this.names)}</a></div>
          <div class="muted" style="display:flex;gap:8px;align-items:center;font-size:12px;flex-wrap:wrap">
            <span class="chip">${patternTypeLabel(p.type)}</span><hp-confidence .value=${p.confidence}></hp-confidence><span>${p.status}</span>
          </div>
        </li>`,
      )}
    </ul>`;
  }

  private renderAnomalies(d: AnomalyListResponse) {
    return html`<ul class="plain">
      ${d.anomalies.map(
        (a) => html`<li>
          <div>${withNames(a.summary, this.names)}</div>
          <div class="muted">${formatDateTime(a.ts)} · ${a.severity} severity · ${a.status} · expected: ${a.expected}</div>
        </li>`,
      )}
    </ul>`;
  }

  private renderTimeline(d: TimelineResponse) {
    const changes = [...d.events].reverse().slice(0, LISTED_CHANGES);
    const word = (state: string) =>
      withUnit(stateLabel(this.entityId, state, this.entity?.deviceClass), this.entity?.unit ?? d.unit);
    const last = this.entity?.lastEventAt;
    // Truncated: the oldest change shown is not the first of the window, so what came before is unknown.
    const before = d.truncated
      ? null
      : d.events.length > 0
        ? d.events[0].previous
        : last != null && last <= d.from
          ? (this.entity?.lastState ?? null)
          : null;
    return html`<hp-state-band .events=${d.events} .from=${d.from} .to=${d.to} .initialState=${before} .word=${word} label="When the entity was on"></hp-state-band>
      ${cutNote(d.events.length, changes.length, d.truncated, this.hours)}
      <div class="changes">
        <table>
          <thead>
            <tr><th>Time</th><th>State</th><th>Caused by</th></tr>
          </thead>
          <tbody>
            ${changes.map(
              (e) => html`<tr>
                <td>${formatDateTime(e.ts)}</td>
                <td>${e.previous ? html`<span class="muted">${word(e.previous)} →</span> ` : nothing}<strong>${word(e.state)}</strong></td>
                <td class="muted">${e.automated ? "an automation" : e.user ? "a person" : "device or unknown"}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }
}

/** A sensor whose last state is a number ("62.4" W): it is never on or off, so it has no on-periods. */
function reportsNumbers(e: EntitySummary | undefined): boolean {
  const state = e?.lastState?.trim();
  return state !== undefined && state !== "" && Number.isFinite(Number(state));
}

/** The newest changes the list under the band holds; the band shows every change the API sent. */
const LISTED_CHANGES = 50;

/** Says what the band and the list each leave out, when either leaves anything out. */
function cutNote(inBand: number, listed: number, truncated: boolean, hours: number) {
  const window = `the last ${hours < 48 ? `${hours} h` : `${hours / 24} days`}`;
  if (truncated)
    return html`<p class="muted" data-note="timeline-cut">More changes happened in ${window} than are shown: the band holds the newest ${formatCount(inBand)}, the list below the newest ${formatCount(listed)}.</p>`;
  if (listed < inBand)
    return html`<p class="muted" data-note="timeline-cut">The band holds all ${formatCount(inBand)} changes of ${window}, the list below the newest ${formatCount(listed)}.</p>`;
  return nothing;
}

/** "5m", "2h": axis labels that fit under eight bars on a phone. */
function shortDuration(sec: number): string {
  return sec < 3600 ? `${Math.round(sec / 60)}m` : `${Math.round(sec / 3600)}h`;
}

declare global {
  interface HTMLElementTagNameMap {
    "hp-entity-content": HpEntityContent;
  }
  interface HTMLElementEventMap {
    "hp-hours": CustomEvent<number>;
  }
}
