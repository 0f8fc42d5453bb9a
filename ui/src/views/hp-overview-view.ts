// Overview data element: loads health, stats, this week's patterns, open anomalies and storage, and keeps them live.
import { html, LitElement } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { fetchAnomalies } from "../data/anomalies.js";
import { fetchEntities } from "../data/entities.js";
import { fetchHealth } from "../data/health.js";
import type { LiveFeed } from "../data/live-feed.js";
import { fetchPatterns } from "../data/patterns.js";
import { fetchPredictions } from "../data/predictions.js";
import { Resource } from "../data/resource.js";
import { fetchStats } from "../data/stats.js";
import { fetchStorage } from "../data/storage.js";
import { entityNames } from "../format.js";
import { sharedStyles } from "../theme.js";
import "./hp-overview-content.js";

const WEEK_MS = 7 * 86_400_000;

@customElement("hp-overview-view")
export class HpOverviewView extends LitElement {
  @property({ attribute: false }) live?: LiveFeed;

  @state() private _recentEvents: { at: number; n: number }[] = [];
  @state() private _now = Date.now();
  /** The service's clock, for "new this week" and "ago". */
  @state() private _serverNow = Date.now();
  @state() private _liveOpen = false;

  private readonly _health = new Resource(this, fetchHealth);
  private readonly _stats = new Resource(this, fetchStats);
  private readonly _patterns = new Resource(this, (signal) => fetchPatterns({ status: "active,accepted" }, signal));
  private readonly _anomalies = new Resource(this, (signal) => fetchAnomalies({ status: "open", limit: 50 }, signal));
  private readonly _storage = new Resource(this, fetchStorage);
  private readonly _predictions = new Resource(this, fetchPredictions);
  /** For names in place of entity ids in what the server wrote. */
  private readonly _entities = new Resource(this, fetchEntities);
  private _stopLive: (() => void)[] = [];
  private _poll: number | undefined;

  static override styles = sharedStyles;

  override connectedCallback(): void {
    super.connectedCallback();
    for (const r of [
      this._health,
      this._stats,
      this._patterns,
      this._anomalies,
      this._storage,
      this._entities,
      this._predictions,
    ])
      void r.run();
    // Source states are not pushed: ask again every half minute.
    this._poll = window.setInterval(() => {
      this._now = Date.now();
      this._serverNow = this.live?.serverNow() ?? this._now;
      this._health.refresh();
    }, 30_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.clearInterval(this._poll);
    this._stopLive.forEach((off) => {
      off();
    });
    this._stopLive = [];
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("live")) {
      this._stopLive.forEach((off) => {
        off();
      });
      this._liveOpen = this.live?.state === "open";
      this._stopLive = this.live
        ? [
            this.live.onState((s) => (this._liveOpen = s === "open")),
            this.live.on("ready", () => (this._serverNow = this.live?.serverNow() ?? Date.now())),
            this.live.on("ingested", (batch) => {
              const now = Date.now();
              this._now = now;
              this._serverNow = this.live?.serverNow() ?? now;
              this._recentEvents = [
                ...this._recentEvents.filter((e) => now - e.at < 60_000),
                { at: now, n: batch.inserted },
              ];
              this._stats.refresh(5000);
              this._health.refresh(10_000);
              // What was just done changes what comes next.
              this._predictions.refresh(10_000);
            }),
            this.live.on("patternsUpdated", () => this._patterns.refresh()),
            this.live.on("anomaly", () => this._anomalies.refresh()),
            this.live.on("storage", () => this._storage.refresh(5000)),
            this.live.on("rolledUp", () => this._storage.refresh()),
          ]
        : [];
    }
  }

  override render() {
    const since = this._serverNow - WEEK_MS;
    return html`<hp-overview-content
      .health=${this._health.state}
      .stats=${this._stats.state}
      .patterns=${this._patterns.state}
      .anomalies=${this._anomalies.state}
      .storage=${this._storage.state}
      .predictions=${this._predictions.state}
      .names=${entityNames(this._entities.data)}
      .learnedSince=${since}
      .eventsLastMinute=${this._recentEvents.filter((e) => this._now - e.at < 60_000).reduce((n, e) => n + e.n, 0)}
      .liveConnected=${this._liveOpen}
      .clockSpeed=${this.live?.speed ?? 1}
      .now=${this._serverNow}
    ></hp-overview-content>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "hp-overview-view": HpOverviewView;
  }
}
