# syntax=docker/dockerfile:1.7
# Two images for docker-compose.yml (docs/compose.md):
#   runtime  the five services (`node <service>/dist/main.js`) and the compose init jobs
#            (`node --import tsx infra/tools/src/compose/<job>.ts`, which provision through
#            packages/provisioning), as a non-root user, without the development stand-ins;
#   gateway  the official nginx image with the gateway template, the web app and the docs site.
# Nothing secret is built in: every password, token and AppRole credential arrives at run time.

# Node 22 LTS: the code needs >= 20.19, and 20 is out of support. linux/amd64 only, because
# package-lock.json holds dbmate's linux-x64 binary package and no other (migrations run it);
# Docker on arm64 machines runs it emulated.
ARG NODE_IMAGE=node:22.21.1-bookworm-slim
ARG NGINX_IMAGE=nginx:1.28.0-alpine

FROM --platform=linux/amd64 ${NODE_IMAGE} AS node-npm
# The npm of package.json's packageManager: its `allowScripts` (root package.json) decides which
# dependency install scripts run, where the npm 10 bundled with Node 22 would run them all.
RUN npm install --global npm@11.19.1 && npm cache clean --force
WORKDIR /app
# `prisma generate` (the postinstall) never runs the schema engine, but without a path to one it
# downloads it (infra/scripts/prisma-generate.mjs); any existing file will do.
ENV TURBO_TELEMETRY_DISABLED=1 \
    CHECKPOINT_DISABLE=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1 \
    PRISMA_SCHEMA_ENGINE_BINARY=/usr/local/bin/node

# Everything, built: the workspaces' dist/, the web app, the docs site.
FROM node-npm AS build
COPY . .
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
RUN npm run build
# web/ and the docs-site builder may not exist yet: the gateway stage copies these folders
# either way, and the docs folder always has the public catalogue (never the internal one).
RUN mkdir -p web/dist .turnout/docs-site \
    && if [ -f infra/scripts/build-docs-site.mjs ]; then node infra/scripts/build-docs-site.mjs; fi \
    && if [ ! -f .turnout/docs-site/asyncapi.json ]; then cp docs/asyncapi.json .turnout/docs-site/; fi

# Production dependencies only (no compilers, test tools or Prisma CLI; the Prisma client is
# compiled into each service's dist/), installed from the same lock file. The workspace list is
# narrowed first to what production runs (the services, infra/tools for the init jobs, and the
# workspaces they depend on: kit, contracts, provisioning), so the development stand-ins
# (packages/dev-stack: embedded PostgreSQL, the SMTP catcher...), the test kit and the web app
# are devDependencies only, and --omit=dev installs neither them nor their dependencies.
FROM node-npm AS prod-deps
COPY . .
RUN node infra/scripts/production-workspaces.mjs --write
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

# Exactly what runs, laid out as in the repository, because the code finds its data files
# relative to the repository root (the folder holding turbo.json).
FROM prod-deps AS assemble
COPY --from=build /app /build
RUN set -eu; \
    mkdir -p /out/infra/tools/src /out/packages/kit; \
    cp package.json turbo.json /out/; \
    cp -a node_modules /out/; \
    # The production workspaces only (the list prod-deps installed; no dev-stack, test kit or web).
    workspaces=$(node infra/scripts/production-workspaces.mjs); \
    for ws in $workspaces; do \
      mkdir -p "/out/$ws"; \
      cp "$ws/package.json" "/out/$ws/"; \
      if [ -d "$ws/node_modules" ]; then cp -a "$ws/node_modules" "/out/$ws/"; fi; \
      if [ -d "/build/$ws/dist" ]; then cp -a "/build/$ws/dist" "/out/$ws/"; fi; \
      if [ -d "$ws/prisma/migrations" ]; then mkdir -p "/out/$ws/prisma" && cp -a "$ws/prisma/migrations" "/out/$ws/prisma/"; fi; \
    done; \
    cp -a packages/kit/migrations /out/packages/kit/; \
    cp -a infra/postgres infra/kafka infra/vault /out/infra/; \
    cp -a infra/tools/src/compose /out/infra/tools/src/

FROM --platform=linux/amd64 ${NODE_IMAGE} AS runtime
# glibc malloc: big blocks (argon2id's 19 MiB) go back to the system at once, two arenas bound
# what threads keep (packages/dev-stack/src/services/service-process.ts and docs/benchmarks.md
# measured why; the services' V8 heap flags are on their commands in docker-compose.yml).
ENV NODE_ENV=production \
    MALLOC_ARENA_MAX=2 \
    MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
COPY --from=assemble /out /app
# vault-init keeps Vault's unseal key and root token here, on a named volume only it mounts; an
# empty named volume takes this folder's owner and mode, so the job can write without root.
RUN install -d -o node -g node -m 0700 /var/lib/turnout/vault-init \
 && install -d -o node -g node -m 0755 /var/lib/turnout/avatars
USER node
CMD ["node", "-e", "console.error('give a command: node <service>/dist/main.js, or an init job (see docker-compose.yml)'); process.exit(64)"]

FROM ${NGINX_IMAGE} AS gateway
# Rendered by the image's entrypoint (envsubst) into /etc/nginx/nginx.conf at start.
COPY infra/nginx/gateway.conf.template /etc/nginx/templates/nginx.conf.template
RUN rm -rf /usr/share/nginx/html/*
COPY --from=build /app/web/dist /usr/share/nginx/html
COPY --from=build /app/.turnout/docs-site /usr/share/nginx/docs
