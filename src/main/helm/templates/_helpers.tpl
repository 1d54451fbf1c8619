{{/*
The TURN URLs handed to clients: config.turnUrls when set, else built from the one TURN hostname, global.turnHost in
the umbrella chart (which LiveKit's chart reads too) or config.turnHost when this chart is installed alone.
*/}}
{{- define "banter.turnUrls" -}}
{{- $host := (.Values.global | default dict).turnHost | default .Values.app.config.turnHost -}}
{{- .Values.app.config.turnUrls | default (printf "turn:%s:3478?transport=udp,turns:%s:5349?transport=tcp" $host $host) -}}
{{- end -}}

{{/*
The ConfigMap's entries from config.extra, one line each at the data map's indentation, after the generated ones.
Values are quoted: a ConfigMap holds strings only, and an unquoted 30000 or true would be refused by the API server.
*/}}
{{- define "banter.configExtra" -}}
{{- range $name, $value := .Values.app.config.extra }}
  {{ $name }}: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/*
What the HPA scales on: CPU, and open websockets per pod where the cluster serves the custom metric (a pod that goes
takes its connections with it, so connections are what a pod really carries).
*/}}
{{- define "banter.hpaMetrics" -}}
- type: Resource
  resource:
    name: cpu
    target:
      type: Utilization
      averageUtilization: {{ .Values.app.autoscaling.targetCPUUtilizationPercentage }}
{{- with .Values.app.autoscaling.connectionsPerPod }}
- type: Pods
  pods:
    metric:
      name: banter_realtime_connections
    target:
      type: AverageValue
      averageValue: {{ . | quote }}
{{- end }}
{{- end -}}

{{/*
The NetworkPolicy's rules: the ingress controller's pods and networkPolicy.apiFromCidrs onto the API port, the
monitoring namespace onto the management port.
*/}}
{{- define "banter.networkPolicyIngress" -}}
{{- $policy := .Values.app.networkPolicy -}}
- ports:
    - port: {{ .Values.app.ports.http }}
      protocol: TCP
  from:
    - {{- include "banter.networkPolicyPeer" $policy.ingressController | nindent 6 }}
    {{- range $policy.apiFromCidrs }}
    - ipBlock:
        cidr: {{ . | quote }}
    {{- end }}
- ports:
    - port: {{ .Values.app.ports.management }}
      protocol: TCP
  from:
    - {{- include "banter.networkPolicyPeer" $policy.monitoring | nindent 6 }}
{{- end -}}

{{/* Pods of the namespaces a selector names; an empty podSelector (every pod there) is left out. */}}
{{- define "banter.networkPolicyPeer" -}}
namespaceSelector: {{- toYaml .namespaceSelector | nindent 2 }}
{{- with .podSelector }}
podSelector: {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
