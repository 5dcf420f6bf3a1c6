# One image for the whole platform; each Kubernetes workload runs a different command of it
# (kartoteka-gateway serve, kartoteka-contacts serve|relay|worker, kartoteka-segmentation
# serve|relay, kartoteka-migrate). See deploy/helm/kartoteka.
#
#   docker build -t ghcr.io/kartoteka/kartoteka:0.1.0 .

ARG PYTHON_IMAGE=python:3.11-slim

FROM ${PYTHON_IMAGE} AS build
# The same uv as the repo's tooling (.tools/bin/uv); uv.lock is resolved with it.
RUN pip install --no-cache-dir uv==0.13.9
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11 \
    UV_PROJECT_ENVIRONMENT=/app/.venv
WORKDIR /src
COPY pyproject.toml uv.lock ./
COPY libs ./libs
COPY services ./services
# Workspace members are built as wheels (--no-editable), so /app/.venv stands alone without /src.
# Bytecode is compiled now because the root filesystem is read-only at run time.
# Only the deployable services and what they need (platform, proto): the dev launcher
# (kartoteka-devstack, with embedded PostgreSQL, NATS and Redis) would add ~110 MB. Add each new
# service here.
RUN uv sync --frozen --no-dev --no-editable \
      --package kartoteka-gateway \
      --package kartoteka-contacts \
      --package kartoteka-segmentation

# The web UI: static files only, built from the committed lock file and typed API client.
FROM node:24-slim AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web ./
RUN npm run build

FROM ${PYTHON_IMAGE}
RUN groupadd --system --gid 10001 kartoteka \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /tmp \
      --shell /usr/sbin/nologin kartoteka
# Owned by root and read-only to the app user: the code cannot be changed at run time.
COPY --from=build /app/.venv /app/.venv
COPY --from=web /web/dist /app/web
ENV PATH=/app/.venv/bin:$PATH \
    KARTOTEKA_GATEWAY_WEB_DIST=/app/web \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOME=/tmp
WORKDIR /app
USER 10001:10001
EXPOSE 8000 50051 9100
CMD ["kartoteka-gateway", "serve"]
