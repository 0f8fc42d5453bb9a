// Storage data element: the layers, the budget and the last rollup, refreshed when storage or rollups change.
import { html, LitElement } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { LiveFeed } from "../data/live-feed.js";
import { Resource } from "../data/resource.js";
import { fetchStorage } from "../data/storage.js";
import { sharedStyles } from "../theme.js";
import "./hp-storage-content.js";

@customElement("hp-storage-view")
export class HpStorageView extends LitElement {
  @property({ attribute: false }) live?: LiveFeed;

  private readonly _storage = new Resource(this, fetchStorage);
  private _stopLive: (() => void)[] = [];

  static override styles = sharedStyles;

  override connectedCallback(): void {
    super.connectedCallback();
    void this._storage.run();
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
            this.live.on("storage", () => this._storage.refresh(2000)),
            this.live.on("rolledUp", () => this._storage.refresh()),
            this.live.on("ingested", () => this._storage.refresh(30_000)),
          ]
        : [];
    }
  }

  override render() {
    return html`<hp-storage-content .state=${this._storage.state}></hp-storage-content>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "hp-storage-view": HpStorageView;
  }
}
