{{/*
A workload's Deployment. Args:
  root       the chart's root context
  component  gateway | contacts | contacts-relay | segmentation | segmentation-relay | worker
  values     the workload's block of values
  command    the image command, a list
  kind       http (the gateway: HTTP 8000 with /healthz and /readyz, metrics 9100),
             grpc (gRPC 50051 with native gRPC probes, metrics 9100),
             metrics (no server but metrics 9100, probed on /metrics)
  envPrefix  the service's settings prefix, e.g. KARTOTEKA_CONTACTS (grpc and metrics kinds)
  env        extra env entries rendered by the caller (a YAML list, may be empty)
*/}}
{{- define "kartoteka.deployment" -}}
{{- $root := .root }}
{{- $v := .values }}
{{- $metricsPort := 9100 }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "kartoteka.componentName" . }}
  labels:
    {{- include "kartoteka.labels" . | nindent 4 }}
spec:
  {{- if not (and $v.autoscaling $v.autoscaling.enabled) }}
  replicas: {{ $v.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "kartoteka.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "kartoteka.labels" . | nindent 8 }}
      annotations:
        {{- include "kartoteka.podAnnotations" (dict "root" $root "values" $v "metricsPort" $metricsPort) | trim | nindent 8 }}
    spec:
      {{- include "kartoteka.podSpecCommon" (dict "root" $root "values" $v "serviceAccountName" (include "kartoteka.serviceAccountName" $root)) | nindent 6 }}
      terminationGracePeriodSeconds: {{ $v.terminationGracePeriodSeconds }}
      containers:
        - name: {{ .component }}
          {{- include "kartoteka.containerCommon" (dict "root" $root "values" $v) | nindent 10 }}
          command:
            {{- toYaml .command | nindent 12 }}
          ports:
            {{- if eq .kind "http" }}
            - name: http
              containerPort: 8000
              protocol: TCP
            {{- end }}
            {{- if eq .kind "grpc" }}
            - name: grpc
              containerPort: 50051
              protocol: TCP
            {{- end }}
            - name: metrics
              containerPort: 9100
              protocol: TCP
          env:
            {{- include "kartoteka.commonEnv" (dict "root" $root "component" .component "secretName" (include "kartoteka.secretName" $root)) | trim | nindent 12 }}
            {{- if eq .kind "http" }}
            - name: KARTOTEKA_GATEWAY_PORT
              value: "8000"
            {{- end }}
            {{- if eq .kind "grpc" }}
            - name: {{ .envPrefix }}_GRPC_PORT
              value: "50051"
            {{- end }}
            - name: {{ .envPrefix }}_METRICS_PORT
              value: "9100"
            {{- with .env }}
            {{- . | nindent 12 }}
            {{- end }}
            {{- with $v.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          {{- $handlers := dict }}
          {{- if eq .kind "http" }}
          {{- $_ := set $handlers "live" (dict "httpGet" (dict "path" "/healthz" "port" "http")) }}
          {{- $_ := set $handlers "ready" (dict "httpGet" (dict "path" "/readyz" "port" "http")) }}
          {{- else if eq .kind "grpc" }}
          {{- $_ := set $handlers "live" (dict "grpc" (dict "port" 50051)) }}
          {{- $_ := set $handlers "ready" (dict "grpc" (dict "port" 50051)) }}
          {{- else }}
          {{- $_ := set $handlers "live" (dict "httpGet" (dict "path" "/metrics" "port" "metrics")) }}
          {{- $_ := set $handlers "ready" (dict "httpGet" (dict "path" "/metrics" "port" "metrics")) }}
          {{- end }}
          # Up to 60 s to start (30 x 2 s) before liveness takes over.
          startupProbe:
            {{- toYaml $handlers.live | nindent 12 }}
            periodSeconds: 2
            timeoutSeconds: 3
            failureThreshold: 30
          livenessProbe:
            {{- toYaml $handlers.live | nindent 12 }}
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
          readinessProbe:
            {{- toYaml $handlers.ready | nindent 12 }}
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 3
{{- end }}

{{/* A HorizontalPodAutoscaler when values.autoscaling.enabled. Args: root, component, values. */}}
{{- define "kartoteka.hpa" -}}
{{- $a := .values.autoscaling }}
{{- if and .values.enabled $a.enabled }}
{{- if not (or $a.targetCPUUtilizationPercentage $a.targetMemoryUtilizationPercentage) }}
{{- fail (printf "%s: autoscaling needs targetCPUUtilizationPercentage or targetMemoryUtilizationPercentage" .component) }}
{{- end }}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "kartoteka.componentName" . }}
  labels:
    {{- include "kartoteka.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "kartoteka.componentName" . }}
  minReplicas: {{ $a.minReplicas }}
  maxReplicas: {{ $a.maxReplicas }}
  metrics:
    {{- with $a.targetCPUUtilizationPercentage }}
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ . }}
    {{- end }}
    {{- with $a.targetMemoryUtilizationPercentage }}
    - type: Resource
      resource:
        name: memory
        target:
          type: Utilization
          averageUtilization: {{ . }}
    {{- end }}
{{- end }}
{{- end }}

{{/* A PodDisruptionBudget when values.podDisruptionBudget.enabled. Args: root, component, values. */}}
{{- define "kartoteka.pdb" -}}
{{- $p := .values.podDisruptionBudget }}
{{- if and .values.enabled $p.enabled }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "kartoteka.componentName" . }}
  labels:
    {{- include "kartoteka.labels" . | nindent 4 }}
spec:
  {{- if not (eq (toString $p.maxUnavailable) "") }}
  maxUnavailable: {{ $p.maxUnavailable }}
  {{- else }}
  minAvailable: {{ $p.minAvailable }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "kartoteka.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end }}

{{/* The Service of a gRPC workload: gRPC 50051 and metrics 9100. Args: root, component, values. */}}
{{- define "kartoteka.grpcService" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "kartoteka.componentName" . }}
  labels:
    {{- include "kartoteka.labels" . | nindent 4 }}
  {{- with .values.service.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: {{ .values.service.type }}
  selector:
    {{- include "kartoteka.selectorLabels" . | nindent 4 }}
  ports:
    - name: grpc
      port: 50051
      targetPort: grpc
      protocol: TCP
      appProtocol: grpc
    - name: metrics
      port: 9100
      targetPort: metrics
      protocol: TCP
      appProtocol: http
{{- end }}
