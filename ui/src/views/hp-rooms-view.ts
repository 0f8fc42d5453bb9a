// Rooms data element: the areas, their activity by hour of week and the moves between them; the area filter lives in the URL.
import { html, LitElement } from "lit";
import { customElement, property } from "lit/decorators.js";
import { fetchAreaActivity, fetchAreas } from "../data/areas.js";
import type { LiveFeed } from "../data/live-feed.js";
import { Resource } from "../data/resource.js";
import { navigate, type RouteParams } from "../route.js";
import { sharedStyles } from "../theme.js";
import "./hp-rooms-content.js";

@customElement("hp-rooms-view")
export class HpRoomsView extends LitElement {
  @property({ attribute: false }) live?: LiveFeed;
  @property({ attribute: false }) params: RouteParams = {};

  private readonly _areas = new Resource(this, fetchAreas);
  private readonly _activity = new Resource(this, fetchAreaActivity);
  private _stopLive: (() => void)[] = [];

  static override styles = sharedStyles;

  override connectedCallback(): void {
    super.connectedCallback();
    void this._areas.run();
    void this._activity.run();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._stopLive.forEach((off) => {
      off();
    });
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("live")) {
      this._stopLive.forEach((off) => {
        off();
      });
      this._stopLive = this.live
        ? [
            this.live.on("ingested", () => this._activity.refresh(15_000)),
            this.live.on("rolledUp", () => this._activity.refresh()),
          ]
        : [];
    }
  }

  override render() {
    return html`<hp-rooms-content
      .areas=${this._areas.state}
      .activity=${this._activity.state}
      .area=${this.params.area ?? ""}
      @hp-area=${(e: CustomEvent<string>) => navigate(this, { view: "rooms", params: e.detail ? { area: e.detail } : {}, replace: true })}
    ></hp-rooms-content>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "hp-rooms-view": HpRoomsView;
  }
}
