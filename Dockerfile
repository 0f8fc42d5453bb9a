# The Home Patterns add-on image: built by the Supervisor on the device (no build.yaml: it is
# deprecated, so this file has its own FROM), or by CI per architecture on native runners.
# Home Assistant's Debian base (glibc): the image checked on our machines by scripts/check-image.sh
# is this file as it ships, on a stand-in of this base made from Debian's archive. Node.js is
# Debian's own (trixie: Node 20), so both stages get the same Node and the same ABI.
ARG BUILD_FROM=ghcr.io/home-assistant/base-debian:trixie

# ---- build: dependencies with native modules, TypeScript and the panel --------------------------
FROM ${BUILD_FROM} AS build
# libnode-dev gives node-gyp the headers of this exact Node, so nothing is downloaded to compile.
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm libnode-dev python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# Installed inside the target image and architecture, so @duckdb/node-bindings picks its
# -linux-<arch> package; better-sqlite3 12 is compiled from source against this Node instead of
# trusting a downloaded prebuild. `npm install --no-save` honours the lock file's versions; `npm ci`
# would refuse it, because the lock (written on x64) lacks other platforms' optional packages
# (npm/cli#4828).
RUN npm_config_build_from_source=true npm install --no-save --no-audit --no-fund
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && sh addon/ensure-native-modules.sh

# ---- runtime: only what the service needs -------------------------------------------------------
FROM ${BUILD_FROM}
ARG BUILD_VERSION=0.1.0
ARG BUILD_ARCH=amd64
# tini is PID 1 (see ENTRYPOINT). The base brings curl (health check, backup scripts) and tzdata;
# Debian's Node uses the system's full ICU, so every time zone is there. apt-get clean: the
# downloaded packages (114 MB) stay in the layer unless the base's apt configuration drops them.
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs tini \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    DATA_DIR=/data
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/ui/dist ./ui/dist
COPY --from=build /app/migrations ./migrations
# Plain COPY and chmod rather than COPY --chmod: older Supervisors build without BuildKit.
COPY addon/run.sh /usr/local/bin/home-patterns-run
COPY addon/cli.sh /usr/local/bin/home-patterns
COPY addon/backup-pre.sh /usr/local/bin/home-patterns-backup-pre
COPY addon/backup-post.sh /usr/local/bin/home-patterns-backup-post
RUN chmod 755 /usr/local/bin/home-patterns /usr/local/bin/home-patterns-*

# The Supervisor counts the add-on as started once this passes, and its watchdog restarts an
# unhealthy one. Only /api/health answers the container's own loopback address without a token.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${PORT:-8099}/api/health" > /dev/null || exit 1

# tini instead of the base image's s6-overlay /init (config.yaml has init: false, so Docker adds
# no init of its own). One process needs no supervision tree: the Supervisor's watchdog restarts
# the container. With s6, SIGTERM would reach node only after s6's stage-3 shutdown, which kills
# services after S6_SERVICES_GRACETIME (3 s) and reports 0 only through a finish script. With tini,
# `docker stop` → SIGTERM → tini → node (run.sh execs it) → clean shutdown → exit 0 → container 0.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["/usr/local/bin/home-patterns-run"]

LABEL \
  io.hass.name="Home Patterns" \
  io.hass.description="Learns your home's habits on the device and reports routines and anomalies back to Home Assistant." \
  io.hass.url="https://github.com/home-patterns/home-patterns" \
  io.hass.version="${BUILD_VERSION}" \
  io.hass.arch="${BUILD_ARCH}" \
  io.hass.type="app" \
  org.opencontainers.image.title="Home Patterns" \
  org.opencontainers.image.source="https://github.com/home-patterns/home-patterns" \
  org.opencontainers.image.licenses="MIT"
# io.hass.type: "app" is the value the Supervisor itself stamps on locally built images since
# the 2026 rename (META_APP in supervisor/apps/build.py) and the one the current builder actions
# write; "addon" is the legacy value. The Supervisor finds our container by name, not by this label.
