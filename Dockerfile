# syntax=docker/dockerfile:1
# The sidecar on Node 22 LTS: isolated-vm 5 builds and runs on Node 20 and 22, not on 24.

FROM node:22-bookworm-slim AS build
WORKDIR /app
# isolated-vm and better-sqlite3 compile native code when no prebuilt binary fits.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=5680 \
    DATA_DIR=/data \
    WORKFLOWS_DIR=/app/examples
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY examples ./examples
# DATA_DIR holds the SQLite store, the generated API key and the Odoo outbox: a volume,
# owned by the unprivileged user the service runs as.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 5680
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 5680) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM reaches node directly (exec form): running executions finish, up to SHUTDOWN_TIMEOUT_MS.
CMD ["node", "dist/main.js"]
