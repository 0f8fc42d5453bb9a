// Every route of the API with its query parameters: what the app must register and DOCS.md's table documents.
import type { ApiRoute } from "./api-route.js";
import { ANOMALIES_ROUTES } from "./routes/anomalies-routes.js";
import { AREAS_ROUTES } from "./routes/areas-routes.js";
import { DEVICE_HEALTH_ROUTES } from "./routes/device-health-routes.js";
import { ENTITIES_ROUTES } from "./routes/entities-routes.js";
import { GRAPH_ROUTES } from "./routes/graph-routes.js";
import { HEALTH_ROUTES } from "./routes/health-routes.js";
import { LIVE_ROUTES } from "./routes/live-routes.js";
import { MAINTENANCE_ROUTES } from "./routes/maintenance-routes.js";
import { METRICS_ROUTES } from "./routes/metrics-routes.js";
import { PATTERNS_ROUTES } from "./routes/patterns-routes.js";
import { PREDICTIONS_ROUTES } from "./routes/predictions-routes.js";
import { PRIVACY_ROUTES } from "./routes/privacy-routes.js";
import { STATS_ROUTES } from "./routes/stats-routes.js";
import { STORAGE_ROUTES } from "./routes/storage-routes.js";
import { SUGGESTIONS_ROUTES } from "./routes/suggestions-routes.js";

export const API_ROUTES: readonly ApiRoute[] = [
  HEALTH_ROUTES,
  METRICS_ROUTES,
  STATS_ROUTES,
  LIVE_ROUTES,
  PATTERNS_ROUTES,
  ANOMALIES_ROUTES,
  SUGGESTIONS_ROUTES,
  ENTITIES_ROUTES,
  AREAS_ROUTES,
  PREDICTIONS_ROUTES,
  GRAPH_ROUTES,
  DEVICE_HEALTH_ROUTES,
  STORAGE_ROUTES,
  PRIVACY_ROUTES,
  MAINTENANCE_ROUTES,
].flatMap((group): ApiRoute[] => Object.values(group));
