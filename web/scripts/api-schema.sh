#!/usr/bin/env bash
# The web app's typed API client comes from the gateway's OpenAPI document (see web/README.md).
#
#   web/scripts/api-schema.sh gen     write web/src/api/openapi.json and web/src/api/schema.d.ts
#   web/scripts/api-schema.sh check   fail if either committed file is out of date (writes nothing)
#
# Needs the workspace in .venv (uv sync) and web/node_modules (npm ci).
set -euo pipefail

WEB="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(dirname "$WEB")"
PY="$ROOT/.venv/bin/python"
OPENAPI_TS="$WEB/node_modules/.bin/openapi-typescript"
API_DIR="$WEB/src/api"

die() { printf 'api-schema.sh: ERROR: %s\n' "$*" >&2; exit 1; }
[[ -x "$PY" ]] || die "$PY not found: run 'make sync' first"
[[ -x "$OPENAPI_TS" ]] || die "$OPENAPI_TS not found: run 'npm ci' in web/ first"

# generate_into DIR: write openapi.json and schema.d.ts into DIR.
generate_into() {
  # Logging off: building the app must print nothing but the document.
  KARTOTEKA_LOG_LEVEL=WARNING "$PY" "$WEB/scripts/dump_openapi.py" >"$1/openapi.json"
  # Fields with a default are optional in requests (the API fills them in), not required.
  "$OPENAPI_TS" "$1/openapi.json" -o "$1/schema.d.ts" --default-non-nullable false >/dev/null
}

case "${1:-}" in
  gen)
    generate_into "$API_DIR"
    printf 'api-schema.sh: wrote %s/openapi.json and schema.d.ts\n' "$API_DIR" >&2
    ;;
  check)
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    generate_into "$tmp"
    stale=0
    for f in openapi.json schema.d.ts; do
      if ! cmp -s "$tmp/$f" "$API_DIR/$f"; then
        printf 'api-schema.sh: web/src/api/%s is out of date with the gateway\n' "$f" >&2
        diff -u "$API_DIR/$f" "$tmp/$f" 2>&1 | head -n 30 >&2 || true
        stale=1
      fi
    done
    ((stale == 0)) || die "run 'web/scripts/api-schema.sh gen' (or 'make web-api') and commit the result"
    printf 'api-schema.sh: the typed API client is up to date with the gateway\n' >&2
    ;;
  *)
    sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
