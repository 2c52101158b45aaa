{{/*
The server container's volume mounts and the pod's volumes, side by side so
that each mount has its volume. extraVolumes and server.extraVolumeMounts
come after these; trustfit.validateExtras refuses a name used here.
*/}}

{{- define "trustfit.volumeMounts" -}}
- name: config
  mountPath: /etc/trustfit/config
  readOnly: true
{{- if ne (include "trustfit.policySource" .) "embedded" }}
# A directory, not a subPath, so that ConfigMap edits reach the pod.
- name: policy
  mountPath: /etc/trustfit/policy
  readOnly: true
{{- end }}
{{- if eq .Values.store.type "sqlite" }}
- name: data
  mountPath: /var/lib/trustfit
{{- end }}
{{- if .Values.tls.enabled }}
# Directories, not subPaths, so that a renewed certificate reaches the pod.
- name: tls
  mountPath: /etc/trustfit/tls
  readOnly: true
{{- if .Values.tls.clientCA.enabled }}
- name: client-ca
  mountPath: /etc/trustfit/client-ca
  readOnly: true
{{- end }}
{{- end }}
{{- if include "trustfit.authFiles" . }}
- name: auth
  mountPath: /etc/trustfit/auth
  readOnly: true
{{- end }}
{{- if and (eq .Values.store.type "postgresql") .Values.store.postgresql.mountAsFile }}
- name: store-uri
  mountPath: /etc/trustfit/store
  readOnly: true
{{- end }}
# The root filesystem is read-only; SQLite and the runtime may
# need scratch space.
- name: tmp
  mountPath: /tmp
{{- end }}

{{- define "trustfit.volumes" -}}
- name: config
  configMap:
    name: {{ include "trustfit.fullname" . }}
    items:
      - key: server.toml
        path: server.toml
{{- $policySource := include "trustfit.policySource" . }}
{{- if eq $policySource "inline" }}
- name: policy
  configMap:
    name: {{ include "trustfit.fullname" . }}
    items:
      - key: policy.yaml
        path: policy.yaml
{{- else if eq $policySource "existing" }}
- name: policy
  configMap:
    name: {{ .Values.policy.existingConfigMap.name }}
    items:
      - key: {{ .Values.policy.existingConfigMap.key }}
        path: policy.yaml
{{- end }}
{{- if eq .Values.store.type "sqlite" }}
- name: data
  {{- if .Values.store.sqlite.persistence.enabled }}
  persistentVolumeClaim:
    claimName: {{ .Values.store.sqlite.persistence.existingClaim | default (printf "%s-data" (include "trustfit.fullname" .)) }}
  {{- else }}
  emptyDir: {}
  {{- end }}
{{- end }}
{{- if .Values.tls.enabled }}
- name: tls
  secret:
    secretName: {{ include "trustfit.tlsSecretName" . }}
    defaultMode: 0440
    items:
      - key: tls.crt
        path: tls.crt
      - key: tls.key
        path: tls.key
{{- with .Values.tls.clientCA }}
{{- if .enabled }}
- name: client-ca
  {{- include "trustfit.fileVolume" (dict "source" . "path" "ca.crt") | nindent 2 }}
{{- end }}
{{- end }}
{{- end }}
{{- with include "trustfit.authFiles" . | fromYamlArray }}
# The access-control files, from their Secrets and ConfigMaps, in one
# directory.
- name: auth
  projected:
    defaultMode: 0440
    sources:
      {{- range . }}
      - {{ ternary "secret" "configMap" (ne .secretName "") }}:
          name: {{ .secretName | default .configMapName }}
          items:
            - key: {{ .key }}
              path: {{ .path }}
      {{- end }}
{{- end }}
{{- if and (eq .Values.store.type "postgresql") .Values.store.postgresql.mountAsFile }}
- name: store-uri
  secret:
    secretName: {{ .Values.store.postgresql.existingSecret }}
    defaultMode: 0440
    items:
      - key: {{ .Values.store.postgresql.secretKey }}
        path: uri
{{- end }}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- end }}

{{/*
The access-control files the server reads, as a YAML list of {secretName,
configMapName, key, path}: path is the file's name under /etc/trustfit/auth.
Empty when no method needs a file.
*/}}
{{- define "trustfit.authFiles" -}}
{{- $auth := .Values.auth }}
{{- $files := list }}
{{- if $auth.tokens.enabled }}
{{- $files = append $files (dict "secretName" $auth.tokens.secretName "configMapName" "" "key" $auth.tokens.key "path" "tokens") }}
{{- end }}
{{- if $auth.jwt.enabled }}
{{- $jwks := $auth.jwt.jwks }}
{{- if or $jwks.secretName $jwks.configMapName }}
{{- $files = append $files (dict "secretName" $jwks.secretName "configMapName" $jwks.configMapName "key" $jwks.key "path" "jwks.json") }}
{{- else }}
{{- $pem := $auth.jwt.publicKey }}
{{- $files = append $files (dict "secretName" $pem.secretName "configMapName" $pem.configMapName "key" $pem.key "path" "jwt-public-key.pem") }}
{{- end }}
{{- end }}
{{- if $auth.mtlsClients.enabled }}
{{- $files = append $files (dict "secretName" $auth.mtlsClients.secretName "configMapName" $auth.mtlsClients.configMapName "key" $auth.mtlsClients.key "path" "mtls-clients") }}
{{- end }}
{{- if $files }}
{{- toYaml $files }}
{{- end }}
{{- end }}

{{/*
A volume's source holding one file, from a Secret or a ConfigMap: dict
"source" (values with secretName or configMapName, and key) and "path"
(the file's name in the mount).
*/}}
{{- define "trustfit.fileVolume" -}}
{{- if .source.secretName }}
secret:
  secretName: {{ .source.secretName }}
  defaultMode: 0440
{{- else }}
configMap:
  name: {{ .source.configMapName }}
  defaultMode: 0440
{{- end }}
  items:
    - key: {{ .source.key }}
      path: {{ .path }}
{{- end }}

{{/*
Containers given in values (extraContainers, initContainers), each with the
server's restricted security context unless it brings its own: dict
"containers" (the list) and "root" (the chart's context).
*/}}
{{- define "trustfit.restrictedContainers" -}}
{{- range .containers }}
{{- $container := deepCopy . }}
{{- if not (hasKey $container "securityContext") }}
{{- $_ := set $container "securityContext" (include "trustfit.containerSecurityContext" $.root | fromYaml) }}
{{- end }}
- {{ toYaml $container | nindent 2 | trim }}
{{- end }}
{{- end }}

{{/* Names the chart's own volumes and containers use are refused in the extras. */}}
{{- define "trustfit.validateExtras" -}}
{{- $volumes := list }}
{{- range (include "trustfit.volumes" . | fromYamlArray) }}
{{- $volumes = append $volumes .name }}
{{- end }}
{{- range .Values.extraVolumes }}
{{- if has .name $volumes }}
{{- fail (printf "extraVolumes has a volume named %q, a name the chart uses for its own (%s): give it another name." .name (join ", " $volumes)) }}
{{- end }}
{{- end }}
{{- $containers := list "server" }}
{{- range (concat .Values.extraContainers .Values.initContainers) }}
{{- if has .name $containers }}
{{- fail (printf "extraContainers and initContainers have two containers named %q (\"server\" is the chart's): give each its own name." .name) }}
{{- end }}
{{- $containers = append $containers .name }}
{{- end }}
{{- end }}
