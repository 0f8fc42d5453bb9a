// The panel: owns the URL (view and filters), the live connection, the navigation, and shows one view at a time.
import { css, html, LitElement, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { fetchHealth } from "./data/health.js";
import { type LiveConnection, LiveFeed } from "./data/live-feed.js";
import { useHomeTimeZone } from "./format.js";
import { type NavigateDetail, parseRoute, type Route, routeHash, routeHref, type ViewName } from "./route.js";
import { sharedStyles, themeVariables } from "./theme.js";
import "./views/hp-analytics-view.js";
import "./views/hp-anomalies-view.js";
import "./views/hp-entity-view.js";
import "./views/hp-overview-view.js";
import "./views/hp-patterns-view.js";
import "./views/hp-rooms-view.js";
import "./views/hp-storage-view.js";

const TITLES: Record<ViewName, string> = {
  overview: "Overview",
  patterns: "Patterns",
  entity: "Entities",
  rooms: "Rooms",
  anomalies: "Anomalies",
  storage: "Storage",
  analytics: "Analytics",
};

const LIVE_TEXT: Record<LiveConnection, string> = { open: "Live", connecting: "Connecting…", closed: "Offline" };

@customElement("hp-panel")
export class HpPanel extends LitElement {
  @state() private _route: Route = parseRoute(location.hash);
  @state() private _live: LiveConnection = "closed";
  /** Views wait for the home's time zone (one health call) so every time they show reads in it. */
  @state() private _zoneKnown = false;

  private readonly _feed = new LiveFeed();
  private _stopState: (() => void) | undefined;
  private readonly _onHash = () => {
    this._route = parseRoute(location.hash);
  };
  private readonly _onNavigate = (e: CustomEvent<NavigateDetail>) => this.go(e.detail);

  static override styles = [
    themeVariables,
    sharedStyles,
    css`
      :host {
        min-height: 100vh;
        background: var(--hp-bg);
        font-family: var(--paper-font-body1_-_font-family, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
      }
      header {
        display: flex;
        align-items: center;
        gap: 12px;
        padding: 12px 16px 0;
        max-width: 1200px;
        margin: 0 auto;
      }
      h1 {
        font-size: 20px;
        font-weight: 600;
        margin: 0;
        flex: 1;
      }
      .live {
        font-size: 12px;
        display: inline-flex;
        align-items: center;
        gap: 6px;
        color: var(--hp-muted);
      }
      .dot {
        width: 8px;
        height: 8px;
        border-radius: 50%;
        background: var(--hp-muted);
      }
      .live[data-state="open"] .dot {
        background: var(--hp-ok);
      }
      .live[data-state="connecting"] .dot {
        background: var(--hp-warn);
      }
      nav {
        max-width: 1200px;
        margin: 0 auto;
        padding: 8px 16px 0;
        display: flex;
        gap: 4px;
        overflow-x: auto;
        border-bottom: 1px solid var(--hp-divider);
        scrollbar-width: none;
      }
      nav a {
        padding: 8px 12px;
        text-decoration: none;
        color: var(--hp-muted);
        border-bottom: 2px solid transparent;
        white-space: nowrap;
      }
      nav a[aria-current="page"] {
        color: var(--hp-primary);
        border-bottom-color: var(--hp-primary);
        font-weight: 600;
      }
      main {
        max-width: 1200px;
        margin: 0 auto;
        padding: 16px;
      }
      @media (max-width: 600px) {
        main {
          padding: 12px 8px;
        }
        header {
          padding: 10px 12px 0;
        }
        nav {
          padding: 6px 8px 0;
          flex-wrap: wrap;
        }
        nav a {
          padding: 6px 8px;
        }
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener("hashchange", this._onHash);
    this.addEventListener("hp-navigate", this._onNavigate);
    this._stopState = this._feed.onState((s) => (this._live = s));
    this._feed.start();
    fetchHealth()
      .then((h) => useHomeTimeZone(h.timeZone))
      // Without an answer the views still load, in the browser's zone, and show their own errors.
      .catch(() => undefined)
      .finally(() => (this._zoneKnown = true));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener("hashchange", this._onHash);
    this.removeEventListener("hp-navigate", this._onNavigate);
    this._stopState?.();
    this._feed.stop();
  }

  /** Writes the route into the URL: a filter change replaces the entry, a new view adds one. */
  go(detail: NavigateDetail): void {
    const hash = routeHash(detail.view, detail.params);
    if (hash === location.hash) return;
    if (detail.replace) history.replaceState(history.state, "", `${location.pathname}${location.search}${hash}`);
    else history.pushState(history.state, "", `${location.pathname}${location.search}${hash}`);
    this._route = parseRoute(hash);
  }

  override updated(): void {
    document.title = `${TITLES[this._route.view]} · Home Patterns`;
  }

  override render() {
    const { view } = this._route;
    return html`
      <header>
        <h1>Home Patterns</h1>
        <span class="live" data-state=${this._live} role="status">
          <span class="dot" aria-hidden="true"></span>${LIVE_TEXT[this._live]}
        </span>
      </header>
      <nav aria-label="Views">
        ${(Object.keys(TITLES) as ViewName[]).map(
          (v) => html`<a href=${routeHref(v)} aria-current=${v === view ? "page" : "false"}>${TITLES[v]}</a>`,
        )}
      </nav>
      <main>${this._zoneKnown ? this.renderView() : nothing}</main>
    `;
  }

  private renderView() {
    const { view, params } = this._route;
    const live = this._feed;
    switch (view) {
      case "overview":
        return html`<hp-overview-view .live=${live}></hp-overview-view>`;
      case "patterns":
        return html`<hp-patterns-view .live=${live} .params=${params}></hp-patterns-view>`;
      case "entity":
        return html`<hp-entity-view .live=${live} .params=${params}></hp-entity-view>`;
      case "rooms":
        return html`<hp-rooms-view .live=${live} .params=${params}></hp-rooms-view>`;
      case "anomalies":
        return html`<hp-anomalies-view .live=${live} .params=${params}></hp-anomalies-view>`;
      case "storage":
        return html`<hp-storage-view .live=${live}></hp-storage-view>`;
      case "analytics":
        return html`<hp-analytics-view .params=${params}></hp-analytics-view>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "hp-panel": HpPanel;
  }
}
