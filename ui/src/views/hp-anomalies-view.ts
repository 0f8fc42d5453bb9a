// Anomalies data element: the list for the URL's filters, live as anomalies are raised, and the feedback buttons.
import { css, html, LitElement } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { dismissAnomaly, fetchAnomalies, markAnomalyNormal } from "../data/anomalies.js";
import { fetchAreas } from "../data/areas.js";
import { fetchEntities } from "../data/entities.js";
import type { LiveFeed } from "../data/live-feed.js";
import { Resource } from "../data/resource.js";
import { entityNames } from "../format.js";
import { navigate, type RouteParams } from "../route.js";
import { sharedStyles } from "../theme.js";
import "./hp-anomaly-timeline.js";
import "./hp-device-health.js";
import type { AnomalyActionDetail } from "./hp-anomaly-timeline.js";

@customElement("hp-anomalies-view")
export class HpAnomaliesView extends LitElement {
  @property({ attribute: false }) live?: LiveFeed;
  @property({ attribute: false }) params: RouteParams = {};

  @state() private _busy = new Set<number>();
  @state() private _message: { text: string; error: boolean } | null = null;

  private readonly _anomalies = new Resource(this, (s) =>
    fetchAnomalies(
      { status: this.params.status, kind: this.params.kind, area: this.params.area, entity: this.params.entity },
      s,
    ),
  );
  private readonly _entities = new Resource(this, fetchEntities);
  private readonly _areas = new Resource(this, fetchAreas);
  private _stopLive: (() => void) | undefined;

  static override styles = [
    sharedStyles,
    css`
      .message.error {
        color: var(--hp-error);
      }
      hp-device-health {
        margin-bottom: 16px;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    void this._entities.run();
    void this._areas.run();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._stopLive?.();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("params")) {
      const before = (changed.get("params") as RouteParams | undefined) ?? null;
      if (!before || ["status", "kind", "area", "entity"].some((k) => before[k] !== this.params[k]))
        void this._anomalies.run();
    }
    if (changed.has("live")) {
      this._stopLive?.();
      this._stopLive = this.live?.on("anomaly", () => this._anomalies.refresh(500));
    }
  }

  override render() {
    return html`${this._message ? html`<p class="message ${this._message.error ? "error" : ""}" role="status">${this._message.text}</p>` : ""}
      <hp-device-health></hp-device-health>
      <hp-anomaly-timeline
        .state=${this._anomalies.state}
        .params=${this.params}
        .busy=${this._busy}
        .names=${entityNames(this._entities.data)}
        .areaNames=${new Map((this._areas.data ?? []).map((a) => [a.areaId, a.name]))}
        @hp-filters=${(e: CustomEvent<RouteParams>) => navigate(this, { view: "anomalies", params: e.detail, replace: true })}
        @hp-anomaly-action=${(e: CustomEvent<AnomalyActionDetail>) => void this.act(e.detail)}
      ></hp-anomaly-timeline>`;
  }

  private async act({ anomaly, action }: AnomalyActionDetail): Promise<void> {
    this._busy = new Set([...this._busy, anomaly.id]);
    try {
      await (action === "normal" ? markAnomalyNormal(anomaly.id) : dismissAnomaly(anomaly.id));
      this._message = {
        text:
          action === "normal"
            ? `Noted: “${anomaly.summary}” is normal and will not be raised again.`
            : `Dismissed “${anomaly.summary}”.`,
        error: false,
      };
      await this._anomalies.run({ again: true });
    } catch (err) {
      this._message = { text: `Could not save your answer: ${(err as Error).message}`, error: true };
    } finally {
      const busy = new Set(this._busy);
      busy.delete(anomaly.id);
      this._busy = busy;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "hp-anomalies-view": HpAnomaliesView;
  }
}
