{{/* Names and labels shared by every template of the chart. */}}

{{/* The release's full name, at most 63 characters (a DNS label). */}}
{{- define "hubia.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Name of the operator's objects (Deployment, Service, ServiceAccount, roles). */}}
{{- define "hubia.operatorName" -}}
{{- printf "%s-operator" (include "hubia.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "hubia.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "hubia.operatorName" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Labels that select the operator's pods: stable across upgrades. */}}
{{- define "hubia.selectorLabels" -}}
app.kubernetes.io/name: hubia-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels of every object the chart renders. */}}
{{- define "hubia.labels" -}}
{{ include "hubia.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: hubia
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* An image reference from {registry, repository, tag, digest}: the digest wins over the tag. */}}
{{- define "hubia.image" -}}
{{- $image := index . 0 -}}
{{- $appVersion := index . 1 -}}
{{- $name := $image.repository -}}
{{- if $image.registry -}}
{{- $name = printf "%s/%s" $image.registry $image.repository -}}
{{- end -}}
{{- if $image.digest -}}
{{- printf "%s@%s" $name $image.digest -}}
{{- else -}}
{{- printf "%s:%s" $name (default $appVersion $image.tag) -}}
{{- end -}}
{{- end -}}

{{/* The port of a URL: explicit, or the scheme's default. */}}
{{- define "hubia.urlPort" -}}
{{- $url := urlParse . -}}
{{- $hostPort := splitList ":" $url.host -}}
{{- if gt (len $hostPort) 1 -}}
{{- last $hostPort -}}
{{- else if eq $url.scheme "https" -}}
443
{{- else -}}
80
{{- end -}}
{{- end -}}

{{/* The operator's metrics and probe port (HUBIA_HTTP_PORT). */}}
{{- define "hubia.httpPort" -}}8081{{- end -}}
