// "Copy": puts a text on the clipboard and says whether it did, also where the panel is served over
// plain http (Home Assistant at http://homeassistant.local:8123), which has no clipboard API.
import { css, html, LitElement } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { sharedStyles } from "../theme.js";

@customElement("hp-copy-button")
export class HpCopyButton extends LitElement {
  @property() text = "";
  @property() label = "Copy";
  @state() private said = "";

  static override styles = [
    sharedStyles,
    css`
      :host {
        margin-top: 6px;
      }
      span {
        margin-left: 8px;
      }
    `,
  ];

  override render() {
    return html`<button type="button" @click=${this.copy}>${this.label}</button>
      <span class="muted" role="status">${this.said}</span>`;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("text")) this.said = "";
  }

  private readonly copy = async () => {
    this.said = (await this.write()) ? "Copied." : "The browser refused: select the text and copy it.";
  };

  private async write(): Promise<boolean> {
    try {
      if (window.isSecureContext && navigator.clipboard) {
        await navigator.clipboard.writeText(this.text);
        return true;
      }
    } catch {
      // Refused (no permission): try the older way below.
    }
    const area = document.createElement("textarea");
    area.value = this.text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    this.renderRoot.appendChild(area);
    area.select();
    try {
      return document.execCommand("copy");
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "hp-copy-button": HpCopyButton;
  }
}
