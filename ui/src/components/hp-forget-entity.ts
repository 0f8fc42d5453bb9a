// "Forget this entity": typing its id confirms, the server removes it from every store and audits the request.
import { css, html, LitElement } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { ApiError } from "../data/api-client.js";
import { type ForgetReport, forgetEntity } from "../data/privacy.js";
import { formatCounted } from "../format.js";

export interface ForgottenDetail {
  entityId: string;
  report: ForgetReport;
}

/** What a forget removed, in one sentence. */
export function forgetReportText(r: ForgetReport): string {
  return `Forgotten: ${formatCounted(r.l1Events, "raw event")}, ${formatCounted(r.archive.rows, "archived event")}, ${formatCounted(r.catalog.patterns, "pattern")} and ${formatCounted(r.catalog.anomalies, "anomaly", "anomalies")} removed.`;
}

@customElement("hp-forget-entity")
export class HpForgetEntity extends LitElement {
  @property() entityId = "";
  @state() private open = false;
  @state() private typed = "";
  @state() private busy = false;
  @state() private error = "";
  @state() private done: ForgetReport | null = null;

  static override styles = css`
    :host {
      display: block;
      margin-top: 24px;
      font-size: 14px;
    }
    .box {
      border: 1px solid var(--hp-danger, #c62828);
      border-radius: 8px;
      padding: 12px;
    }
    button {
      font: inherit;
      padding: 6px 12px;
      border-radius: 6px;
      cursor: pointer;
    }
    button.danger {
      background: var(--hp-danger, #c62828);
      color: #fff;
      border: none;
    }
    button:disabled {
      opacity: 0.5;
      cursor: default;
    }
    input {
      font: inherit;
      padding: 4px 8px;
      margin: 8px 8px 8px 0;
      min-width: 16em;
    }
    .error {
      color: var(--hp-danger, #c62828);
    }
  `;

  override render() {
    if (this.done) return html`<p role="status">${forgetReportText(this.done)}</p>`;
    if (!this.open) return html`<button @click=${() => (this.open = true)}>Forget this entity…</button>`;
    return html`<div class="box">
      <p>
        This removes everything Home Patterns stored about <strong>${this.entityId}</strong>: events, the archive,
        aggregates, patterns and anomalies, also in Redis, InfluxDB and Neo4j. It cannot be undone. Only a Home
        Assistant administrator can do this.
      </p>
      <label
        >Type <code>${this.entityId}</code> to confirm<br /><input
          aria-label="Entity id to confirm"
          .value=${this.typed}
          @input=${(e: Event) => (this.typed = (e.target as HTMLInputElement).value)}
      /></label>
      <button class="danger" ?disabled=${this.typed !== this.entityId || this.busy} @click=${this.forget}>
        Forget
      </button>
      <button @click=${this.cancel}>Cancel</button>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ""}
    </div>`;
  }

  private readonly cancel = () => {
    this.open = false;
    this.typed = "";
    this.error = "";
  };

  private async forget(): Promise<void> {
    this.busy = true;
    this.error = "";
    try {
      this.done = await forgetEntity(this.entityId, this.typed);
      this.dispatchEvent(
        new CustomEvent<ForgottenDetail>("hp-forgotten", {
          detail: { entityId: this.entityId, report: this.done },
          bubbles: true,
          composed: true,
        }),
      );
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : String(err);
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "hp-forget-entity": HpForgetEntity;
  }
  interface HTMLElementEventMap {
    "hp-forgotten": CustomEvent<ForgottenDetail>;
  }
}
