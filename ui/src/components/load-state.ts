// Renders a Resource's four states the same way everywhere: not loaded, loading, error, empty — else the content.
import { html, nothing, type TemplateResult } from "lit";
import type { LoadState } from "../data/resource.js";

export interface StateTexts<T> {
  /** Shown before anything was asked for (e.g. no entity chosen yet). */
  idle?: string;
  loading?: string;
  /** When the data holds nothing to show. */
  empty?: string;
  /** Before the error's message: "Could not load." unless the view says better. */
  error?: string;
  isEmpty?: (data: T) => boolean;
}

export function renderLoadState<T>(
  state: LoadState<T>,
  content: (data: T) => TemplateResult | typeof nothing,
  texts: StateTexts<T> = {},
): TemplateResult | typeof nothing {
  const data = "data" in state ? state.data : undefined;
  if (state.status === "error") {
    return html`<div class="state error" role="alert" data-state="error">
        <strong>${texts.error ?? "Could not load."}</strong> ${state.error}
      </div>
      ${data !== undefined ? content(data) : nothing}`;
  }
  if (data === undefined) {
    if (state.status === "idle") {
      return html`<div class="state" data-state="idle">${texts.idle ?? "Not loaded yet."}</div>`;
    }
    return html`<div class="state" data-state="loading" aria-busy="true">${texts.loading ?? "Loading…"}</div>`;
  }
  if (texts.isEmpty?.(data)) {
    return html`<div class="state" data-state="empty">${texts.empty ?? "Nothing here yet."}</div>`;
  }
  return content(data);
}
