// The panel's address: "#/<view>?filters", so every view with its filters can be shared as a link.

export const VIEWS = ["overview", "patterns", "entity", "rooms", "anomalies", "storage", "analytics"] as const;
export type ViewName = (typeof VIEWS)[number];
export type RouteParams = Record<string, string>;

export interface Route {
  view: ViewName;
  params: RouteParams;
}

/**
 * The other names a view is typed by: its tab's title ("Entities" shows #/entity), and the singular
 * or plural of a view's own name. Links the panel writes keep the names in VIEWS.
 */
const OTHER_NAMES: Record<string, ViewName> = {
  entities: "entity",
  pattern: "patterns",
  room: "rooms",
  anomaly: "anomalies",
};

export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#\/?/, "");
  const q = text.indexOf("?");
  const name = (q < 0 ? text : text.slice(0, q)).toLowerCase();
  const view = (VIEWS as readonly string[]).includes(name) ? (name as ViewName) : (OTHER_NAMES[name] ?? "overview");
  const params: RouteParams = {};
  if (q >= 0) for (const [k, v] of new URLSearchParams(text.slice(q + 1))) if (v !== "") params[k] = v;
  return { view, params };
}

export function routeHash(view: ViewName, params: RouteParams = {}): string {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== ""));
  const text = query.toString();
  return `#/${view}${text ? `?${text}` : ""}`;
}

/** A link to a view on this same page; absolute path so a <base href> never turns it into a reload. */
export function routeHref(view: ViewName, params: RouteParams = {}): string {
  return `${location.pathname}${location.search}${routeHash(view, params)}`;
}

export interface NavigateDetail {
  view: ViewName;
  params: RouteParams;
  /** Replace the history entry (a filter change) instead of adding one. */
  replace?: boolean;
}

/** Asks the panel (which owns the URL) to show a view. */
export function navigate(from: HTMLElement, detail: NavigateDetail): void {
  from.dispatchEvent(new CustomEvent<NavigateDetail>("hp-navigate", { detail, bubbles: true, composed: true }));
}

declare global {
  interface HTMLElementEventMap {
    "hp-navigate": CustomEvent<NavigateDetail>;
  }
}
