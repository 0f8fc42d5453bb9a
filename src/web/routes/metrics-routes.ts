// GET /api/metrics: the service's counters and state in Prometheus' text format, for a scraper.
import type { MetricFamily } from "../../metrics/prometheus-text.js";
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus } from "../../metrics/prometheus-text.js";
import { addRoute } from "../add-route.js";
import { apiRoute } from "../api-route.js";
import type { RouteModule } from "../route-module.js";

/** A scrape asks for it bare (a scrape config's `params:` would be refused): no query parameters. */
export const METRICS_ROUTES = {
  metrics: apiRoute("GET", "/metrics"),
};

export interface MetricsDeps {
  /** Every family, gathered fresh for each scrape. */
  families(): MetricFamily[];
}

export function metricsRoutes(deps: MetricsDeps): RouteModule {
  return (api) => {
    addRoute(api, METRICS_ROUTES.metrics, (c) =>
      c.body(renderPrometheus(deps.families()), 200, { "Content-Type": PROMETHEUS_CONTENT_TYPE }),
    );
  };
}
