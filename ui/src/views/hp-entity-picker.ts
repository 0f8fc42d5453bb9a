// Entity list renderer: every entity with its area, last state and stored events, searchable.
import { css, html, LitElement } from "lit";
import { customElement, property } from "lit/decorators.js";
import { renderLoadState } from "../components/load-state.js";
import { type EntitySummary, stateLabel, withUnit } from "../data/entities.js";
import type { LoadState } from "../data/resource.js";
import { entityLabel, formatAgo, formatCount, formatCounted } from "../format.js";
import { routeHref } from "../route.js";
import { sharedStyles } from "../theme.js";

const CHANGES_TITLE = "State changes held as raw events (see Storage for how long)";

/** An entity id that may wrap after its dots and underscores on a narrow screen (copied without them). */
function breakable(entityId: string) {
  return entityId.split(/(?<=[._])/).map((part, i) => (i === 0 ? part : html`<wbr>${part}`));
}

@customElement("hp-entity-picker")
export class HpEntityPicker extends LitElement {
  @property({ attribute: false }) state: LoadState<EntitySummary[]> = { status: "idle" };
  @property() query = "";
  /** The service's clock, epoch ms. */
  @property({ type: Number }) now = Date.now();

  static override styles = [
    sharedStyles,
    css`
      .area-under,
      .changes-under {
        display: none;
      }
      .entity-id {
        font-size: 12px;
        overflow-wrap: anywhere;
      }
      /*
       * A phone (the companion app): the area goes under the name and the changes under the last
       * state, so the list fits the screen with no sideways scroll.
       */
      @media (max-width: 600px) {
        .area-col,
        .changes-col {
          display: none;
        }
        .area-under,
        .changes-under {
          display: block;
        }
      }
    `,
  ];

  override render() {
    return html`<section class="card" aria-labelledby="entities-title">
      <h2 id="entities-title">Entities</h2>
      <div class="filters" role="search">
        <label
          >Search
          <input
            type="search"
            placeholder="name, entity id or area"
            .value=${this.query}
            @input=${(e: Event) =>
              this.dispatchEvent(
                // Untrimmed: trimming here would eat the space the user just typed ("living room").
                new CustomEvent<string>("hp-query", { detail: (e.target as HTMLInputElement).value }),
              )}
          />
        </label>
      </div>
      ${renderLoadState(this.state, (list) => this.renderTable(list), {
        empty: "No entities known yet: they appear with the first events or the Home Assistant registry.",
        isEmpty: (list) => list.length === 0,
      })}
    </section>`;
  }

  private renderTable(all: EntitySummary[]) {
    const q = this.query.trim().toLowerCase();
    const list = q
      ? all.filter((e) => [e.entityId, e.name ?? "", e.areaName ?? ""].some((s) => s.toLowerCase().includes(q)))
      : all;
    const sorted = [...list].sort((a, b) => b.events - a.events || a.entityId.localeCompare(b.entityId));
    if (sorted.length === 0)
      return html`<div class="state" data-state="empty">No entity matches “${this.query.trim()}”.</div>`;
    return html`<div class="scroll-x">
      <table>
        <thead>
          <tr><th>Entity</th><th class="area-col">Area</th><th>Last state</th><th class="num changes-col" title=${CHANGES_TITLE}>Changes (raw store)</th></tr>
        </thead>
        <tbody>
          ${sorted.map(
            (e) => html`<tr>
              <td>
                <a href=${routeHref("entity", { id: e.entityId })}>${entityLabel(e.entityId, e.name)}</a>
                <div class="muted entity-id">${breakable(e.entityId)}</div>
                ${e.areaName ? html`<div class="muted area-under" style="font-size:12px">${e.areaName}</div>` : ""}
              </td>
              <td class="area-col">${e.areaName ?? html`<span class="muted">—</span>`}</td>
              <td>
                ${e.lastState === null ? "—" : withUnit(stateLabel(e.entityId, e.lastState, e.deviceClass), e.unit)} <span class="muted">${e.lastEventAt ? formatAgo(e.lastEventAt, this.now) : ""}</span>
                <div class="muted changes-under" style="font-size:12px" title=${CHANGES_TITLE}>${formatCounted(e.events, "change")}</div>
              </td>
              <td class="num changes-col" data-entity-events=${e.entityId}>${formatCount(e.events)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "hp-entity-picker": HpEntityPicker;
  }
  interface HTMLElementEventMap {
    "hp-query": CustomEvent<string>;
  }
}
