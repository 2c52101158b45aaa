{{/*
Names, labels and the rules that tie values together: one place for each.
*/}}

{{- define "trustfit.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* release-chart, or the release name alone when it already holds the chart's name. */}}
{{- define "trustfit.fullname" -}}
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

{{/* The headless Service's name: the full name (at most 54 characters) and "-headless". */}}
{{- define "trustfit.headlessName" -}}
{{- printf "%s-headless" (include "trustfit.fullname" . | trunc 54 | trimSuffix "-") }}
{{- end }}

{{/* The release's objects: every one carries these. */}}
{{- define "trustfit.selectorLabels" -}}
app.kubernetes.io/name: {{ include "trustfit.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
The server pods, and only them: what the Deployment, the Services, the
disruption budget and the NetworkPolicy select. The component keeps the
`helm test` pod (component "test") out of the Services' endpoints and out of
the budget.
*/}}
{{- define "trustfit.serverSelectorLabels" -}}
{{ include "trustfit.selectorLabels" . }}
app.kubernetes.io/component: server
{{- end }}

{{- define "trustfit.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "trustfit.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: trustfit
{{- end }}

{{- define "trustfit.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "trustfit.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "trustfit.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* Where the policy comes from: "existing", "inline" or "embedded". */}}
{{- define "trustfit.policySource" -}}
{{- if .Values.policy.existingConfigMap.name }}existing
{{- else if .Values.policy.content }}inline
{{- else }}embedded
{{- end }}
{{- end }}

{{/* Seconds Kubernetes waits after SIGTERM: more than the server's drain and grace. */}}
{{- define "trustfit.terminationGracePeriodSeconds" -}}
{{- $needed := add .Values.server.drainDelaySeconds .Values.server.shutdownGraceSeconds }}
{{- if kindIs "invalid" .Values.terminationGracePeriodSeconds }}
{{- add $needed 10 }}
{{- else if le (int .Values.terminationGracePeriodSeconds) (int $needed) }}
{{- fail (printf "terminationGracePeriodSeconds (%v) must be larger than server.drainDelaySeconds + server.shutdownGraceSeconds (%v), or pods are killed before their calls finish" .Values.terminationGracePeriodSeconds $needed) }}
{{- else }}
{{- .Values.terminationGracePeriodSeconds }}
{{- end }}
{{- end }}

{{/*
Rules across values that JSON Schema cannot state (it cannot compare two
numbers); values.schema.json holds every other rule, and
trustfit.terminationGracePeriodSeconds checks its own. Included by the
Deployment, so every install and template checks them.
*/}}
{{- define "trustfit.validate" -}}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) }}
{{- fail (printf "autoscaling.minReplicas (%v) is larger than autoscaling.maxReplicas (%v)" .Values.autoscaling.minReplicas .Values.autoscaling.maxReplicas) }}
{{- end }}
{{- if and .Values.metrics.enabled (eq (int .Values.metrics.port) (int .Values.server.grpcPort)) }}
{{- fail (printf "metrics.port and server.grpcPort are both %v: give the metrics their own port" .Values.server.grpcPort) }}
{{- end }}
{{- end }}

{{/* server.toml: the server's options (trustfit-server --help). */}}
{{- define "trustfit.serverToml" -}}
# trustfit-server options, written by the trustfit chart.
listen = "0.0.0.0:{{ .Values.server.grpcPort }}"
{{- if .Values.metrics.enabled }}
metrics-listen = "0.0.0.0:{{ .Values.metrics.port }}"
{{- else }}
metrics-listen = "off"
{{- end }}
{{- if eq .Values.store.type "sqlite" }}
store = "sqlite:///var/lib/trustfit/trustfit.db"
{{- else if eq .Values.store.type "none" }}
store = "none"
{{- else }}
# store: the TRUSTFIT_STORE environment variable, from the Secret.
{{- end }}
{{- if ne (include "trustfit.policySource" .) "embedded" }}
policy = "/etc/trustfit/policy/policy.yaml"
policy-poll = {{ .Values.server.policyPoll | quote }}
{{- end }}
log-format = {{ .Values.server.logFormat | quote }}
log-level = {{ .Values.server.logLevel | quote }}
drain-delay = "{{ .Values.server.drainDelaySeconds }}s"
shutdown-grace = "{{ .Values.server.shutdownGraceSeconds }}s"
keepalive-time = {{ .Values.server.keepaliveTime | quote }}
keepalive-timeout = {{ .Values.server.keepaliveTimeout | quote }}
max-connection-age = {{ .Values.server.maxConnectionAge | quote }}
max-connection-age-grace = {{ .Values.server.maxConnectionAgeGrace | quote }}
max-connection-idle = {{ .Values.server.maxConnectionIdle | quote }}
max-message-bytes = {{ int .Values.server.maxMessageBytes }}
stream-workers = {{ int .Values.server.streamWorkers }}
{{- end }}

{{/* The security context of every container: what the restricted Pod Security Standard asks. */}}
{{- define "trustfit.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "trustfit.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
fsGroup: {{ .Values.securityContext.fsGroup }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end }}
