# backend-review: the Probot app, built in one stage and run from a second that holds only the
# compiled code, the production dependencies, the reviewer agent and the App manifest.
#
#   docker build -t backend-review .
#   docker run --rm -p 3000:3000 -e APP_ID -e PRIVATE_KEY -e WEBHOOK_SECRET -e ANTHROPIC_API_KEY backend-review
#
# Port 3000 takes GitHub's webhooks (publish it); port 9102 (METRICS_PORT) serves /healthz, /readyz
# and /metrics for the orchestrator and Prometheus (do not publish it to the internet).
# (podman: build with --format docker, or the HEALTHCHECK below is dropped from the image.)

# Node 24, the current LTS line (and the runtime of GitHub Actions' node24): CI runs the suite on it.
ARG NODE_IMAGE=node:24-slim

# ---- build: compile TypeScript with the dev dependencies ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# Only what tsconfig.build.json compiles (src); bench/, dev/ and test/ are not shipped.
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# ---- runtime ----
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# No lifecycle scripts: nothing in the production tree needs one, and none should run here.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund --cache /tmp/npm-cache \
  && rm -rf /tmp/npm-cache
COPY --from=build /app/dist ./dist
# agents/ holds the reviewer's prompt, found at run time next to package.json; app.yml is the
# manifest Probot's set-up flow reads from the working directory.
COPY agents ./agents
COPY app.yml ./

# Probot listens on localhost unless HOST says otherwise: 0.0.0.0 makes both ports reachable from
# outside the container (the operations port binds to HOST too).
ENV HOST=0.0.0.0 PORT=3000 METRICS_PORT=9102
EXPOSE 3000 9102
# Files stay root-owned: the app only reads them.
USER node
# GET /healthz on the operations port: answered in every role (a worker has no webhook port), no
# credentials, no side effects. The image has no curl: node's fetch does the request.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.METRICS_PORT || 9102}/healthz`, { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# On SIGTERM (the default stop signal) the App takes no new webhooks and lets running reviews
# finish for BACKEND_REVIEW_SHUTDOWN_TIMEOUT_MS (25 s): give the container a longer stop timeout
# (docker run --stop-timeout 30, Kubernetes terminationGracePeriodSeconds: 30).
# node directly, not `npm start`: no compile at start-up, and signals reach node itself.
CMD ["node", "dist/src/main.js"]
