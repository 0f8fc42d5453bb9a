// Device health card: sensors that often go unavailable, told as device problems, never as habits.
import { html, LitElement } from "lit";
import { customElement } from "lit/decorators.js";
import { fetchDeviceHealth } from "../data/device-health.js";
import { Resource } from "../data/resource.js";
import { sharedStyles } from "../theme.js";

@customElement("hp-device-health")
export class HpDeviceHealth extends LitElement {
  private readonly _health = new Resource(this, fetchDeviceHealth);

  static override styles = [sharedStyles];

  override connectedCallback(): void {
    super.connectedCallback();
    void this._health.run();
  }

  override render() {
    const devices = this._health.data?.devices ?? [];
    // Nothing to say while every device answers: the card only appears for a problem.
    if (devices.length === 0) return html``;
    return html`<section class="card" aria-label="Device health">
      <h2>Device health</h2>
      <p>These devices drop out again and again: check their battery, range or power. Their gaps are left out of the habits.</p>
      <ul>
        ${devices.map((d) => html`<li data-entity=${d.entity}>${d.summary}</li>`)}
      </ul>
    </section>`;
  }
}
