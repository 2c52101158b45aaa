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

{{/*
PromQL label matchers picking this release's series: metrics.prometheusRule
.selector, else the namespace and Service that the Prometheus Operator puts
on every series it scrapes through the chart's ServiceMonitor.
*/}}
{{- define "trustfit.ruleSelector" -}}
{{- if .Values.metrics.prometheusRule.selector }}
{{- .Values.metrics.prometheusRule.selector }}
{{- else }}
{{- printf "namespace=%q,service=%q" .Release.Namespace (include "trustfit.fullname" .) }}
{{- end }}
{{- end }}

{{/* "true" while image.repository is the chart's placeholder registry, else "". */}}
{{- define "trustfit.imageIsPlaceholder" -}}
{{- if regexMatch "^registry\\.example\\.org(/|$)" .Values.image.repository }}true{{ end }}
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
Rules across values, each failing with what is wrong, why, and what to do.
values.schema.json checks each value on its own (type, range, spelling);
a rule that ties values together lives here instead, because JSON Schema's
messages cannot say why ("Must be less than or equal to 1"). Included by the
Deployment, so every install, upgrade and template checks them.
*/}}
{{- define "trustfit.validate" -}}
{{- $v := .Values }}
{{- if and $v.image.placeholderCheck (include "trustfit.imageIsPlaceholder" .) }}
{{- fail (printf "image.repository is %s, the chart's placeholder: no such registry exists. Build the image from server/Dockerfile, push it to a registry your cluster can pull from, and set image.repository to it (chart README, section 1). To render anyway (say, to read the manifests), set image.placeholderCheck=false." $v.image.repository) }}
{{- end }}
{{- if eq $v.store.type "sqlite" }}
{{- if and (not $v.autoscaling.enabled) (gt (int $v.replicaCount) 1) }}
{{- fail (printf "replicaCount is %v, but store.type=sqlite keeps records in one SQLite file that only one pod may write. Use replicaCount=1, or store.type=postgresql (with store.postgresql.existingSecret) to run several replicas." $v.replicaCount) }}
{{- end }}
{{- if $v.autoscaling.enabled }}
{{- fail "autoscaling.enabled=true would start several pods, but store.type=sqlite keeps records in one SQLite file that only one pod may write. Use store.type=postgresql (with store.postgresql.existingSecret) to autoscale." }}
{{- end }}
{{- end }}
{{- if and (eq $v.store.type "postgresql") (not $v.store.postgresql.existingSecret) }}
{{- fail "store.type=postgresql needs store.postgresql.existingSecret: the name of a Secret you create holding the postgresql:// URI (with its password) under the key store.postgresql.secretKey, e.g. kubectl create secret generic trustfit-db --from-literal=uri='postgresql://...'." }}
{{- end }}
{{- if and $v.autoscaling.enabled (gt (int $v.autoscaling.minReplicas) (int $v.autoscaling.maxReplicas)) }}
{{- fail (printf "autoscaling.minReplicas (%v) is larger than autoscaling.maxReplicas (%v)" $v.autoscaling.minReplicas $v.autoscaling.maxReplicas) }}
{{- end }}
{{- if and $v.metrics.enabled (eq (int $v.metrics.port) (int $v.server.grpcPort)) }}
{{- fail (printf "metrics.port and server.grpcPort are both %v: give the metrics their own port" $v.server.grpcPort) }}
{{- end }}
{{- if and $v.metrics.serviceMonitor.enabled (not $v.metrics.enabled) }}
{{- fail "metrics.serviceMonitor.enabled=true, but metrics.enabled=false: there would be no /metrics to scrape. Turn metrics on, or the ServiceMonitor off." }}
{{- end }}
{{- if and $v.metrics.prometheusRule.enabled (not $v.metrics.enabled) }}
{{- fail "metrics.prometheusRule.enabled=true, but metrics.enabled=false: its alerts would watch metrics that are never served. Turn metrics on, or the PrometheusRule off." }}
{{- end }}
{{- if and $v.policy.content $v.policy.existingConfigMap.name }}
{{- fail "policy.content and policy.existingConfigMap.name are both set: give the policy one way, inline (content) or from your ConfigMap (existingConfigMap)." }}
{{- end }}
{{- include "trustfit.validateTls" . }}
{{- include "trustfit.validateAuth" . }}
{{- include "trustfit.validateExtras" . }}
{{- if and $v.ingress.enabled (not $v.ingress.hosts) }}
{{- fail "ingress.enabled=true needs ingress.hosts: at least one host name the Ingress answers for, e.g. --set 'ingress.hosts={trustfit.trust.example}'." }}
{{- end }}
{{- if and $v.grpcRoute.enabled (not $v.grpcRoute.parentRefs) }}
{{- fail "grpcRoute.enabled=true needs grpcRoute.parentRefs: the Gateway the route attaches to, e.g. [{name: shared-gateway, namespace: gateway-system}]." }}
{{- end }}
{{- range $key := list "app.kubernetes.io/name" "app.kubernetes.io/instance" "app.kubernetes.io/component" }}
{{- if hasKey $v.podLabels $key }}
{{- fail (printf "podLabels sets %s, which the chart sets itself to select the server pods: leave it out." $key) }}
{{- end }}
{{- end }}
{{- end }}

{{/* The server's environment, besides server.extraEnv. */}}
{{- define "trustfit.env" -}}
{{- if and (eq .Values.store.type "postgresql") (not .Values.store.postgresql.mountAsFile) }}
- name: TRUSTFIT_STORE
  valueFrom:
    secretKeyRef:
      name: {{ .Values.store.postgresql.existingSecret }}
      key: {{ .Values.store.postgresql.secretKey }}
{{- end }}
{{- if and (not (include "trustfit.authEnabled" .)) .Values.auth.allowUnauthenticated }}
# No authentication is configured, and auth.allowUnauthenticated
# lets the server serve every caller beyond loopback (it logs so,
# loudly). In the environment rather than server.toml: a server
# without access control has no such option, and ignores the
# variable where it would refuse the key.
- name: TRUSTFIT_ALLOW_UNAUTHENTICATED
  value: "true"
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
{{- else if not .Values.store.postgresql.mountAsFile }}
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
max-memory-bytes = {{ int .Values.server.maxMemoryBytes }}
max-concurrent-streams = {{ int .Values.server.maxConcurrentStreams }}
stream-workers = {{ int .Values.server.streamWorkers }}
{{- with .Values.auth }}
{{- if .tokens.enabled }}
# Bearer tokens: only their SHA-256 hashes, with principals and roles.
auth-tokens = "/etc/trustfit/auth/tokens"
{{- end }}
{{- if .jwt.enabled }}
# JWT / OIDC bearer tokens, checked against these keys and claims.
{{- if or .jwt.jwks.secretName .jwt.jwks.configMapName }}
auth-jwks = "/etc/trustfit/auth/jwks.json"
{{- else }}
auth-jwt-public-key = "/etc/trustfit/auth/jwt-public-key.pem"
{{- end }}
auth-jwt-issuer = {{ .jwt.issuer | quote }}
auth-jwt-audience = {{ .jwt.audience | quote }}
auth-jwt-roles-claim = {{ .jwt.rolesClaim | quote }}
auth-jwt-principal-claim = {{ .jwt.principalClaim | quote }}
auth-jwt-algorithms = {{ join "," .jwt.algorithms | quote }}
auth-clock-skew = {{ .jwt.clockSkew | quote }}
{{- end }}
{{- if .mtlsClients.enabled }}
# Client certificates' subjects and their roles.
auth-mtls-clients = "/etc/trustfit/auth/mtls-clients"
{{- end }}
{{- with .auditLog }}
audit-log = {{ . | quote }}
{{- end }}
{{- end }}
{{- if and (eq .Values.store.type "postgresql") .Values.store.postgresql.mountAsFile }}
# The PostgreSQL URI, with its password, from the mounted Secret.
store-file = "/etc/trustfit/store/uri"
{{- end }}
{{- if .Values.tls.enabled }}
# TLS on the gRPC port, re-read when the mounted Secret changes; the
# kubelet's probes use the plaintext listener below, which serves only
# grpc.health.v1.Health.
tls-cert = "/etc/trustfit/tls/tls.crt"
tls-key = "/etc/trustfit/tls/tls.key"
{{- if .Values.tls.clientCA.enabled }}
tls-client-ca = "/etc/trustfit/client-ca/ca.crt"
{{- end }}
health-listen = "0.0.0.0:{{ .Values.server.healthPort }}"
{{- end }}
{{- end }}

{{/*
The port the kubelet's gRPC probes ask: the gRPC port, or with TLS the
plaintext health-only listener, since the kubelet's native gRPC probe
cannot speak TLS.
*/}}
{{- define "trustfit.probePort" -}}
{{- if .Values.tls.enabled }}
{{- .Values.server.healthPort }}
{{- else }}
{{- .Values.server.grpcPort }}
{{- end }}
{{- end }}

{{/* The Secret holding the server's certificate and key. */}}
{{- define "trustfit.tlsSecretName" -}}
{{- .Values.tls.secretName | default (printf "%s-tls" (include "trustfit.fullname" .)) }}
{{- end }}

{{/*
Fails unless exactly one of a file source's secretName and configMapName is
set: dict "source" (the values), "path" (their name), "needer" (what needs
them) and "what" (what the file holds), all for the message.
*/}}
{{- define "trustfit.requireOneSource" -}}
{{- if and .source.secretName .source.configMapName }}
{{- fail (printf "%s.secretName and %s.configMapName are both set: give one, the Secret or the ConfigMap holding %s." .path .path .what) }}
{{- else if not (or .source.secretName .source.configMapName) }}
{{- fail (printf "%s needs %s.secretName or %s.configMapName: the Secret or ConfigMap holding %s (under the key %s.key)." .needer .path .path .what .path) }}
{{- end }}
{{- end }}

{{/* "true" when some method authenticates callers: tokens, JWTs or client certificates. */}}
{{- define "trustfit.authEnabled" -}}
{{- if or .Values.auth.tokens.enabled .Values.auth.jwt.enabled (and .Values.tls.enabled .Values.tls.clientCA.enabled) }}true{{ end }}
{{- end }}

{{- define "trustfit.validateAuth" -}}
{{- $auth := .Values.auth }}
{{- if and (not (include "trustfit.authEnabled" .)) (not $auth.allowUnauthenticated) }}
{{- fail "auth.allowUnauthenticated=false, and no authentication is configured: the server would refuse to serve beyond loopback. Configure a method (auth.tokens, auth.jwt, or mutual TLS with tls.clientCA; chart README, Security), or set auth.allowUnauthenticated=true to serve every caller without credentials." }}
{{- end }}
{{- if and $auth.tokens.enabled (not $auth.tokens.secretName) }}
{{- fail "auth.tokens.enabled=true needs auth.tokens.secretName: the Secret holding the tokens file (one line per token: sha256:HASH PRINCIPAL ROLES) under the key auth.tokens.key." }}
{{- end }}
{{- if $auth.jwt.enabled }}
{{- $sources := list }}
{{- range $path, $source := dict "auth.jwt.jwks" $auth.jwt.jwks "auth.jwt.publicKey" $auth.jwt.publicKey }}
{{- if $source.secretName }}{{ $sources = append $sources (printf "%s.secretName" $path) }}{{ end }}
{{- if $source.configMapName }}{{ $sources = append $sources (printf "%s.configMapName" $path) }}{{ end }}
{{- end }}
{{- if ne (len $sources) 1 }}
{{- fail (printf "auth.jwt.enabled=true needs exactly one source of the keys that sign tokens: auth.jwt.jwks.configMapName or .secretName (a JWKS), or auth.jwt.publicKey.configMapName or .secretName (one PEM public key); %s." (ternary "none is set" (printf "%s are all set" (join ", " $sources)) (eq (len $sources) 0))) }}
{{- end }}
{{- if not $auth.jwt.issuer }}
{{- fail "auth.jwt.enabled=true needs auth.jwt.issuer: the iss every token must carry (for Microsoft Entra ID, https://login.microsoftonline.com/TENANT-ID/v2.0)." }}
{{- end }}
{{- if not $auth.jwt.audience }}
{{- fail "auth.jwt.enabled=true needs auth.jwt.audience: the aud every token must carry, or a token the issuer made for any other application would be accepted." }}
{{- end }}
{{- end }}
{{- if $auth.mtlsClients.enabled }}
{{- if not (and .Values.tls.enabled .Values.tls.clientCA.enabled) }}
{{- fail "auth.mtlsClients.enabled=true gives client certificates their roles, but mutual TLS is off: set tls.enabled=true and tls.clientCA.enabled=true." }}
{{- end }}
{{- include "trustfit.requireOneSource" (dict "source" $auth.mtlsClients "path" "auth.mtlsClients" "needer" "auth.mtlsClients.enabled=true" "what" "the client-certificate subjects and their roles") }}
{{- end }}
{{- end }}

{{- define "trustfit.validateTls" -}}
{{- $tls := .Values.tls }}
{{- if $tls.enabled }}
{{- if not (or $tls.secretName $tls.certManager.enabled) }}
{{- fail "tls.enabled=true needs a certificate: tls.secretName (an existing Secret of type kubernetes.io/tls holding tls.crt and tls.key), or tls.certManager.enabled=true with tls.certManager.issuerRef.name for the chart to have cert-manager issue one." }}
{{- end }}
{{- if and $tls.certManager.enabled (not $tls.certManager.issuerRef.name) }}
{{- fail "tls.certManager.enabled=true needs tls.certManager.issuerRef.name: the cert-manager Issuer (or, with issuerRef.kind=ClusterIssuer, the ClusterIssuer) that signs the server's certificate." }}
{{- end }}
{{- if $tls.clientCA.enabled }}
{{- include "trustfit.requireOneSource" (dict "source" $tls.clientCA "path" "tls.clientCA" "needer" "tls.clientCA.enabled=true" "what" "the CA bundle that signs client certificates") }}
{{- end }}
{{- range $name, $port := dict "server.grpcPort" .Values.server.grpcPort "metrics.port" (ternary .Values.metrics.port 0 .Values.metrics.enabled) }}
{{- if eq (int $port) (int $.Values.server.healthPort) }}
{{- fail (printf "server.healthPort and %s are both %v: with tls.enabled the probes' plaintext health listener needs its own port." $name $port) }}
{{- end }}
{{- end }}
{{- else }}
{{- if $tls.certManager.enabled }}
{{- fail "tls.certManager.enabled=true, but tls.enabled=false: the certificate would be issued and never served. Set tls.enabled=true too." }}
{{- end }}
{{- if $tls.clientCA.enabled }}
{{- fail "tls.clientCA.enabled=true (mutual TLS) needs tls.enabled=true: client certificates are asked for in the TLS handshake." }}
{{- end }}
{{- end }}
{{- end }}

{{/* One native gRPC probe: dict "port", optional "service", "probe" (its values). */}}
{{- define "trustfit.probe" -}}
grpc:
  port: {{ .port }}
  {{- with .service }}
  service: {{ . }}
  {{- end }}
periodSeconds: {{ .probe.periodSeconds }}
timeoutSeconds: {{ .probe.timeoutSeconds }}
failureThreshold: {{ .probe.failureThreshold }}
{{- end }}

{{/*
One NetworkPolicy peer, as a list item, from values with podLabels and
namespaceLabels: those pods in those namespaces; no namespaceLabels means
the release's own namespace, no podLabels every pod there.
*/}}
{{- define "trustfit.networkPeer" -}}
- podSelector:
    {{- with .podLabels }}
    matchLabels:
      {{- toYaml . | nindent 6 }}
    {{- else }} {}
    {{- end }}
  {{- with .namespaceLabels }}
  namespaceSelector:
    matchLabels:
      {{- toYaml . | nindent 6 }}
  {{- end }}
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
