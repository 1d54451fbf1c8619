{{- /*
NOT YET IN THE GENERATED CHART: quarkus-helm 1.x copies only _helpers.tpl and NOTES.txt from here (as .yaml or as
.tpl this file was left out); see the issue 16 closing note for the way in (a named template in _helpers.tpl).
Operations (issue 16): the alerts that matter, over the metrics the ServiceMonitor scrapes. Gauges computed from the
database are the same on every pod, hence max(); counters are summed over pods.
*/ -}}
{{- if .Values.app.monitoring.prometheusRule.enabled }}
{{- $alerts := .Values.app.monitoring.alerts }}
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: banter
  labels:
    app.kubernetes.io/name: banter
    app.kubernetes.io/managed-by: quarkus
    {{- with .Values.app.monitoring.prometheusRule.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  groups:
    - name: banter
      rules:
        - alert: BanterBillingLag
          expr: max(banter_billing_lag_seconds) > 2 * {{ $alerts.billingTickSeconds }}
          for: 1m
          labels:
            severity: critical
          annotations:
            summary: Call minutes are not being billed on time
            description: {{ `The oldest due call minute has waited {{ $value | humanizeDuration }}, over two billing ticks: callers talk for free and holds may lapse.` | quote }}
        - alert: BanterWebhookBadSignatures
          expr: sum by (provider) (increase(banter_webhooks_deliveries_total{outcome="bad_signature"}[5m])) > {{ $alerts.badSignaturesPer5m }}
          labels:
            severity: warning
          annotations:
            summary: Webhook deliveries refused for their signature
            description: {{ `{{ $labels.provider }}: {{ $value | humanize }} deliveries with a bad signature in 5 minutes (a probe, or a webhook secret rotated at the provider but not here).` | quote }}
        - alert: BanterPurchasesPending
          expr: max(banter_payments_purchases_stuck_age_seconds{status="PENDING"}) > {{ $alerts.pendingPurchaseSeconds }}
          for: 1m
          labels:
            severity: warning
          annotations:
            summary: Purchases stuck in PENDING
            description: {{ `A purchase has had no Razorpay order for {{ $value | humanizeDuration }}: Razorpay unreachable, or the reconciler stalled.` | quote }}
        - alert: BanterServerErrors
          expr: sum(rate(http_server_requests_seconds_count{status=~"5.."}[5m])) / sum(rate(http_server_requests_seconds_count[5m])) > {{ $alerts.serverErrorRatio }}
          for: 5m
          labels:
            severity: critical
          annotations:
            summary: Too many requests answered with 5xx
            description: {{ `{{ $value | humanizePercentage }} of requests failed with 5xx over 5 minutes; traceId in the problem responses finds them.` | quote }}
        - alert: BanterWebsocketsNearPodLimit
          expr: max by (pod) (banter_realtime_connections) > {{ $alerts.websocketsPerPodLimit }} * {{ $alerts.websocketsNearLimitRatio }}
          for: 5m
          labels:
            severity: warning
          annotations:
            summary: A pod is near its websocket limit
            description: {{ printf "{{ $labels.pod }} holds {{ $value }} websockets, over %v of the %v a pod is sized for: scale out (autoscaling.connectionsPerPod)." $alerts.websocketsNearLimitRatio $alerts.websocketsPerPodLimit | quote }}
{{- end }}
