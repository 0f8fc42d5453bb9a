// GET /api/metrics: the service's counters and state in Prometheus' text format, for a scraper.
import type { MetricFamily } from "../../metrics/prometheus-text.js";
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus } from "../../metrics/prometheus-text.js";
import type { RouteModule } from "../route-module.js";

export interface MetricsDeps {
  /** Every family, gathered fresh for each scrape. */
  families(): MetricFamily[];
}

export function metricsRoutes(deps: MetricsDeps): RouteModule {
  return (api) => {
    api.get("/metrics", (c) =>
      c.body(renderPrometheus(deps.families()), 200, { "Content-Type": PROMETHEUS_CONTENT_TYPE }),
    );
  };
}
