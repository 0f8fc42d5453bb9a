// A horizontal band in SVG over a time window: filled where the entity was on/open/playing, ticks for other changes.
import { css, html, LitElement, svg } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { TimelineEvent } from "../data/entities.js";
import { formatDateTime, formatTime } from "../format.js";

const ACTIVE = new Set(["on", "open", "playing", "home", "unlocked"]);

@customElement("hp-state-band")
export class HpStateBand extends LitElement {
  @property({ attribute: false }) events: TimelineEvent[] = [];
  @property({ type: Number }) from = 0;
  @property({ type: Number }) to = 0;
  @property() label = "";
  /** The state when the window opens (the first change's previous one, or the current state when nothing changed). */
  @property({ attribute: false }) initialState: string | null = null;
  /** A raw state in the word Home Assistant shows for it ("Open" for a door sensor), for the tooltips. */
  @property({ attribute: false }) word: (state: string) => string = (state) => state;

  static override styles = css`
    :host {
      display: block;
    }
    svg {
      display: block;
      width: 100%;
      height: 36px;
    }
    .track {
      fill: var(--hp-chip);
    }
    .active {
      fill: var(--hp-primary);
    }
    .tick {
      stroke: var(--hp-primary);
      stroke-width: 1;
    }
    .axis {
      display: flex;
      justify-content: space-between;
      font-size: 11px;
      color: var(--hp-muted);
    }
  `;

  override render() {
    const span = Math.max(1, this.to - this.from);
    const x = (ts: number) => ((Math.min(Math.max(ts, this.from), this.to) - this.from) / span) * 1000;
    const parts = [];
    const numeric =
      this.events.length > 0 &&
      this.events.every((e) => !ACTIVE.has(e.state) && e.state !== "off" && e.state !== "closed");
    // On since before the window: the band starts filled (a fan left on overnight is the point of looking).
    if (!numeric && this.initialState !== null && ACTIVE.has(this.initialState)) {
      const end = this.events[0]?.ts ?? this.to;
      parts.push(
        svg`<rect class="active" x="0" width=${Math.max(1.5, x(end))} y="4" height="28"><title>until ${formatTime(end)} ${this.word(this.initialState)}</title></rect>`,
      );
    }
    for (let i = 0; i < this.events.length; i++) {
      const e = this.events[i];
      if (numeric) {
        parts.push(
          svg`<line class="tick" x1=${x(e.ts)} x2=${x(e.ts)} y1="4" y2="32"><title>${formatTime(e.ts)} ${this.word(e.state)}</title></line>`,
        );
      } else if (ACTIVE.has(e.state)) {
        const end = this.events[i + 1]?.ts ?? this.to;
        parts.push(
          svg`<rect class="active" x=${x(e.ts)} width=${Math.max(1.5, x(end) - x(e.ts))} y="4" height="28"><title>${formatTime(e.ts)}–${formatTime(end)} ${this.word(e.state)}</title></rect>`,
        );
      }
    }
    const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => this.from + f * span);
    return html`<svg viewBox="0 0 1000 36" preserveAspectRatio="none" role="img" aria-label=${this.label}>
        <rect class="track" x="0" y="4" width="1000" height="28" rx="4"></rect>
        ${parts}
      </svg>
      <div class="axis" aria-hidden="true">${ticks.map((t) => html`<span>${span > 86_400_000 ? formatDateTime(t) : formatTime(t)}</span>`)}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "hp-state-band": HpStateBand;
  }
}
