{{/* The release's base name, cut to fit Kubernetes' 63-character names. */}}
{{- define "llmguard.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* kebab-case name of a component key: dataPlane -> data-plane. */}}
{{- define "llmguard.componentName" -}}
{{- . | kebabcase -}}
{{- end -}}

{{- define "llmguard.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
llmguard.io/environment: {{ .Values.global.environment }}
{{- with .Values.global.region }}
llmguard.io/region: {{ . }}
{{- end }}
{{- end -}}

{{/* Selector labels of one component; call with (dict "root" $ "component" "data-plane"). */}}
{{- define "llmguard.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "llmguard.image" -}}
{{- $tag := .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- printf "%s/%s:%s" .root.Values.image.registry .name $tag -}}
{{- end -}}

{{- define "llmguard.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-secrets" (include "llmguard.fullname" .)) -}}
{{- end -}}

{{- define "llmguard.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default (include "llmguard.fullname" .) -}}
{{- else -}}
{{- .Values.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{/* Refuses a release without a way to get its secrets: neither an existing Secret nor one to create. */}}
{{- define "llmguard.requireSecrets" -}}
{{- if and (not .Values.secrets.existingSecret) (not .Values.secrets.create) -}}
{{- fail "set secrets.existingSecret (a Secret with DATABASE_URL, REDIS_URL, SESSION_SECRET, CREDENTIAL_ENCRYPTION_KEY...) or secrets.create=true with secrets.values (dev only)" -}}
{{- end -}}
{{- end -}}
