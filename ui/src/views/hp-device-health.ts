// Device health card: sensors that often go unavailable, told as device problems, never as habits.
import { html, LitElement } from "lit";
import { customElement } from "lit/decorators.js";
import { renderLoadState } from "../components/load-state.js";
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
    return html`<section class="card" aria-label="Device health">
      <h2>Device health</h2>
      ${renderLoadState(
        this._health.state,
        (
          d,
        ) => html`<p>These devices drop out again and again: check their battery, range or power. Their gaps are left out of the habits.</p>
          <ul>
            ${d.devices.map((p) => html`<li data-entity=${p.entity}>${p.summary}</li>`)}
          </ul>`,
        {
          empty: "No device keeps dropping out: none went unavailable again and again on the days collected so far.",
          isEmpty: (d) => d.devices.length === 0,
        },
      )}
    </section>`;
  }
}
