{{/* Names, labels and the pieces every workload shares. */}}

{{- define "kartoteka.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: "<release>-kartoteka", or the release name when it already contains the chart name. */}}
{{- define "kartoteka.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* "<fullname>-<component>", e.g. kartoteka-contacts-relay. Args: root, component. */}}
{{- define "kartoteka.componentName" -}}
{{- printf "%s-%s" (include "kartoteka.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "kartoteka.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every resource. Args: root, component (may be empty). */}}
{{- define "kartoteka.labels" -}}
helm.sh/chart: {{ include "kartoteka.chart" .root }}
{{ include "kartoteka.selectorLabels" . }}
app.kubernetes.io/version: {{ include "kartoteka.imageTag" .root | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: kartoteka
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Selector labels: immutable on Deployments, so never add the version here. Args: root, component. */}}
{{- define "kartoteka.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kartoteka.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- with .component }}
app.kubernetes.io/component: {{ . }}
{{- end }}
{{- end }}

{{- define "kartoteka.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "kartoteka.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The migration Job runs before the release's ServiceAccount exists, so it gets a hook one. */}}
{{- define "kartoteka.migrateServiceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- printf "%s-migrate" (include "kartoteka.serviceAccountName" .) | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- include "kartoteka.serviceAccountName" . }}
{{- end }}
{{- end }}

{{- define "kartoteka.imageTag" -}}
{{- default .Chart.AppVersion .Values.image.tag }}
{{- end }}

{{- define "kartoteka.image" -}}
{{- printf "%s:%s" .Values.image.repository (include "kartoteka.imageTag" .) }}
{{- end }}

{{/* The release's own Secret, holding every value not taken from an existing Secret. */}}
{{- define "kartoteka.secretName" -}}
{{- include "kartoteka.fullname" . }}
{{- end }}

{{/* The hook-time copy of the infrastructure URLs that the migration Job reads. */}}
{{- define "kartoteka.migrateSecretName" -}}
{{- printf "%s-migrate" (include "kartoteka.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Infrastructure endpoints: name, env var, values key and the key in the chart's Secret.
Each is required, from a URL or from an existing Secret.
*/}}
{{- define "kartoteka.infra" -}}
- {name: postgresql, env: KARTOTEKA_DATABASE_URL, key: database-url}
- {name: nats, env: KARTOTEKA_NATS_URL, key: nats-url}
- {name: redis, env: KARTOTEKA_REDIS_URL, key: redis-url}
{{- end }}

{{/* Data for the chart-managed infrastructure keys (base64), for the release and hook Secrets. */}}
{{- define "kartoteka.infraSecretData" -}}
{{- range (include "kartoteka.infra" . | fromYamlArray) }}
{{- $v := index $.Values .name }}
{{- if not $v.existingSecret }}
{{ .key }}: {{ required (printf "%s.url (or %s.existingSecret) is required" .name .name) $v.url | b64enc | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Env shared by every workload. Args: root, component, secretName (where chart-managed URLs live).
*/}}
{{- define "kartoteka.commonEnv" -}}
{{- $root := .root }}
{{- range (include "kartoteka.infra" $root | fromYamlArray) }}
{{- $v := index $root.Values .name }}
- name: {{ .env }}
  valueFrom:
    secretKeyRef:
      {{- if $v.existingSecret }}
      name: {{ $v.existingSecret }}
      key: {{ $v.existingSecretKey }}
      {{- else }}
      name: {{ $.secretName }}
      key: {{ .key }}
      {{- end }}
{{- end }}
- name: KARTOTEKA_LOG_LEVEL
  value: {{ $root.Values.logLevel | quote }}
{{- with $root.Values.telemetry.otlpEndpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
{{- end }}
- name: OTEL_SERVICE_NAME
  value: {{ printf "kartoteka-%s" .component | quote }}
- name: OTEL_RESOURCE_ATTRIBUTES
  value: {{ printf "service.namespace=kartoteka,service.version=%s,k8s.namespace.name=%s" (include "kartoteka.imageTag" $root) $root.Release.Namespace | quote }}
{{- end }}

{{/* Pod annotations: Prometheus scrape hints, the Secret's checksum (restart on change), extras. Args: root, values, metricsPort. */}}
{{- define "kartoteka.podAnnotations" -}}
{{- if .root.Values.metrics.podAnnotations }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .metricsPort | quote }}
prometheus.io/path: /metrics
{{- end }}
checksum/secret: {{ include (print .root.Template.BasePath "/secret.yaml") .root | sha256sum }}
{{- with .values.podAnnotations }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Scheduling, security context and the /tmp volume: the part of a pod spec every workload shares. Args: root, values, serviceAccountName. */}}
{{- define "kartoteka.podSpecCommon" -}}
serviceAccountName: {{ .serviceAccountName }}
automountServiceAccountToken: false
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .root.Values.podSecurityContext | nindent 2 }}
{{- with .values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumes:
  - name: tmp
    emptyDir:
      sizeLimit: {{ .root.Values.tmpSizeLimit }}
{{- end }}

{{/* Container fields every workload shares. Args: root, values. */}}
{{- define "kartoteka.containerCommon" -}}
image: {{ include "kartoteka.image" .root | quote }}
imagePullPolicy: {{ .root.Values.image.pullPolicy }}
securityContext:
  {{- toYaml .root.Values.securityContext | nindent 2 }}
{{- with .values.resources }}
resources:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumeMounts:
  - name: tmp
    mountPath: /tmp
{{- end }}

{{/* secretKeyRef of the gateway's token signing key; fails the render when none is given. */}}
{{- define "kartoteka.gatewayTokenRef" -}}
{{- $g := .Values.gateway }}
{{- if $g.existingSecret }}
name: {{ $g.existingSecret }}
key: {{ $g.existingSecretKey }}
{{- else }}
{{- $_ := include "kartoteka.gatewayTokenSecret" . }}
name: {{ include "kartoteka.secretName" . }}
key: gateway-token-secret
{{- end }}
{{- end }}

{{- define "kartoteka.gatewayTokenSecret" -}}
{{- required "gateway.tokenSecret is required: set it (e.g. --set gateway.tokenSecret=$(openssl rand -hex 32)) or point gateway.existingSecret at a Secret holding it under gateway.existingSecretKey" .Values.gateway.tokenSecret }}
{{- end }}

{{/* secretKeyRefs {email, password} of the first administrator, or nothing when no admin is set. */}}
{{- define "kartoteka.gatewayAdminRefs" -}}
{{- $a := .Values.gateway.admin }}
{{- if $a.existingSecret }}
email: {name: {{ $a.existingSecret | quote }}, key: {{ $a.emailKey | quote }}}
password: {name: {{ $a.existingSecret | quote }}, key: {{ $a.passwordKey | quote }}}
{{- else if or $a.email $a.password }}
{{- $_ := required "gateway.admin.email is required when gateway.admin.password is set" $a.email }}
{{- $_ := required "gateway.admin.password is required when gateway.admin.email is set" $a.password }}
email: {name: {{ include "kartoteka.secretName" . | quote }}, key: admin-email}
password: {name: {{ include "kartoteka.secretName" . | quote }}, key: admin-password}
{{- end }}
{{- end }}
