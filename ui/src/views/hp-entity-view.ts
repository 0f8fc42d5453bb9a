// Entity data element: without an id the searchable entity list; with one its heatmap, durations, patterns, anomalies and timeline.
import { html, LitElement } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { type ForgottenDetail, forgetReportText } from "../components/hp-forget-entity.js";
import { fetchAnomalies } from "../data/anomalies.js";
import { fetchDurations, fetchEntities, fetchHeatmap, fetchTimeline } from "../data/entities.js";
import type { LiveFeed } from "../data/live-feed.js";
import { fetchPatterns } from "../data/patterns.js";
import { Resource } from "../data/resource.js";
import { entityNames } from "../format.js";
import { navigate, type RouteParams, routeHref } from "../route.js";
import { sharedStyles } from "../theme.js";
import "./hp-entity-content.js";
import "./hp-entity-picker.js";

const HOURS = [6, 24, 72, 168];

@customElement("hp-entity-view")
export class HpEntityView extends LitElement {
  @property({ attribute: false }) live?: LiveFeed;
  @property({ attribute: false }) params: RouteParams = {};

  private readonly _entities = new Resource(this, fetchEntities);
  private readonly _heatmap = new Resource(this, (s) => fetchHeatmap(this.params.id, s));
  private readonly _durations = new Resource(this, (s) => fetchDurations(this.params.id, s));
  private readonly _timeline = new Resource(this, (s) => fetchTimeline(this.params.id, this.hours, s));
  // The API refuses to filter by an entity it does not know (a 400): such a page has none of either.
  private readonly _patterns = new Resource(this, async (s) =>
    (await this.known(s)) ? fetchPatterns({ entity: this.params.id, status: "all" }, s) : { total: 0, patterns: [] },
  );
  private readonly _anomalies = new Resource(this, async (s) =>
    (await this.known(s)) ? fetchAnomalies({ entity: this.params.id, status: "all", limit: 20 }, s) : { anomalies: [] },
  );
  private _stopLive: (() => void)[] = [];
  /** The entity this page forgot: its charts are gone, only what was removed is shown. */
  @state() private _forgotten: ForgottenDetail | null = null;

  static override styles = sharedStyles;

  private get hours(): number {
    const h = Number(this.params.hours);
    return HOURS.includes(h) ? h : 24;
  }

  /** Whether the service knows the page's entity now (asked anew: it may have been forgotten since). */
  private async known(signal: AbortSignal): Promise<boolean> {
    const id = this.params.id;
    return (await fetchEntities(signal)).some((e) => e.entityId === id);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this._entities.run();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._stopLive.forEach((off) => {
      off();
    });
  }

  override willUpdate(changed: Map<string, unknown>): void {
    const subject = [this._heatmap, this._durations, this._timeline, this._patterns, this._anomalies];
    if (changed.has("params")) {
      const before = (changed.get("params") as RouteParams | undefined) ?? {};
      if (before.id !== this.params.id) {
        this._forgotten = null;
        subject.forEach((r) => {
          r.reset();
        });
        // Which entities there are, asked again for the new one (it may be new since).
        if (this.params.id) this._entities.refresh();
      } else if (before.hours !== this.params.hours && this._timeline.state.status !== "idle") {
        void this._timeline.run();
      }
    }
    // Only an entity the service knows is asked about: one it does not know would answer each
    // chart with a 404 (an error in the browser's console); the page says so once instead.
    const id = this.params.id;
    if (
      id &&
      this._forgotten?.entityId !== id &&
      subject.every((r) => r.state.status === "idle") &&
      this._entities.data?.some((e) => e.entityId === id)
    )
      subject.forEach((r) => void r.run());
    if (changed.has("live")) {
      this._stopLive.forEach((off) => {
        off();
      });
      this._stopLive = this.live
        ? [
            // The server's clock is known: "changed 5 min ago" counts from it.
            this.live.on("ready", () => this.requestUpdate()),
            this.live.on("ingested", () => {
              this._entities.refresh(10_000);
              this._timeline.refresh(5000);
            }),
            this.live.on("patternsUpdated", () => this._patterns.refresh(1000)),
            this.live.on("anomaly", (a) => {
              if (a.entity === this.params.id) this._anomalies.refresh();
            }),
            this.live.on("rolledUp", () => {
              this._heatmap.refresh();
              this._durations.refresh();
            }),
          ]
        : [];
    }
  }

  /**
   * What was shown about the entity is gone from the server: drop it from the page rather than ask
   * for it again (each chart would say "unknown entity" above what it still held).
   */
  private readonly forgotten = (e: CustomEvent<ForgottenDetail>) => {
    this._forgotten = e.detail;
    for (const r of [this._heatmap, this._durations, this._timeline, this._patterns, this._anomalies]) r.reset();
    this._entities.refresh();
  };

  /**
   * The page of an entity the service holds nothing about: forgotten here, earlier, or never seen.
   * Unless just forgotten, Forget stays: Redis, InfluxDB or Neo4j may still hold something of it.
   */
  private renderNothingStored(id: string) {
    const forgotten = this._forgotten?.entityId === id ? this._forgotten.report : null;
    return html`<div class="card" data-state="nothing-stored">
      <a href=${routeHref("entity")}>← All entities</a>
      <h2>${id}</h2>
      ${
        forgotten
          ? html`<p role="status">${forgetReportText(forgotten)}</p>
              <p class="muted">Nothing about ${id} is stored any more. It comes back if Home Assistant reports a new change of it.</p>`
          : html`<p class="muted">
                Home Patterns stores nothing about ${id}: it has reported no change yet, or it was forgotten.
              </p>
              <hp-forget-entity .entityId=${id} @hp-forgotten=${this.forgotten}></hp-forget-entity>`
      }
    </div>`;
  }

  override render() {
    if (!this.params.id) {
      return html`<hp-entity-picker
        .state=${this._entities.state}
        .query=${this.params.q ?? ""}
        .now=${this.live?.serverNow() ?? Date.now()}
        @hp-query=${(e: CustomEvent<string>) => navigate(this, { view: "entity", params: e.detail ? { q: e.detail } : {}, replace: true })}
      ></hp-entity-picker>`;
    }
    const id = this.params.id;
    const entities = this._entities.data;
    if (this._forgotten?.entityId === id || (entities && !entities.some((e) => e.entityId === id))) {
      return this.renderNothingStored(id);
    }
    return html`<hp-entity-content
      .entityId=${this.params.id}
      .entity=${this._entities.data?.find((e) => e.entityId === this.params.id)}
      .hours=${this.hours}
      .hourChoices=${HOURS}
      .heatmap=${this._heatmap.state}
      .durations=${this._durations.state}
      .timeline=${this._timeline.state}
      .patterns=${this._patterns.state}
      .anomalies=${this._anomalies.state}
      .names=${entityNames(this._entities.data)}
      .now=${this.live?.serverNow() ?? Date.now()}
      @hp-hours=${(e: CustomEvent<number>) => navigate(this, { view: "entity", params: { ...this.params, hours: String(e.detail) }, replace: true })}
    ></hp-entity-content>
      <hp-forget-entity .entityId=${this.params.id} @hp-forgotten=${this.forgotten}></hp-forget-entity>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "hp-entity-view": HpEntityView;
  }
}
