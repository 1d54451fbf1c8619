{{- define "coturn.fullname" -}}
{{- printf "%s-coturn" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "coturn.selectorLabels" -}}
app.kubernetes.io/name: coturn
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "coturn.labels" -}}
{{ include "coturn.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: banter
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}
