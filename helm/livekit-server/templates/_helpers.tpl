{{- define "livekit.fullname" -}}
{{- printf "%s-livekit" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "livekit.selectorLabels" -}}
app.kubernetes.io/name: livekit-server
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "livekit.labels" -}}
{{ include "livekit.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: banter
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "livekit.webhookUrl" -}}
{{- printf "http://%s.%s.svc.cluster.local:%v%s" .Values.webhook.serviceName .Release.Namespace .Values.webhook.servicePort .Values.webhook.path -}}
{{- end -}}
