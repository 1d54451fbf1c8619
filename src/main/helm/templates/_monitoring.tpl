{{/*
Operations (issue 16): the alerts and the dashboard, each a document of its own that "banter.monitoring" appends to the
chart when its values turn it on. quarkus-helm copies only the _-prefixed files of src/main/helm/templates into the
chart, so they cannot be templates of their own: the expression of the ConfigMap's last entry (BANTER_TURN_URLS, in
application.properties) includes "banter.monitoring" after its value, which ends that document and starts these.
Both are off by default like the ServiceMonitor: they need what a cluster may lack (the Prometheus Operator's CRDs, a
Grafana that loads dashboards from ConfigMaps).
*/}}
{{- define "banter.monitoring" -}}
{{- if .Values.app.monitoring.prometheusRule.enabled }}
---
{{ include "banter.prometheusRule" . }}
{{- end }}
{{- if .Values.app.monitoring.grafanaDashboard.enabled }}
---
{{ include "banter.grafanaDashboard" . }}
{{- end }}
{{- end -}}

{{/*
The alerts that matter, over the metrics the ServiceMonitor scrapes. Gauges computed from the database are the same on
every pod, hence max(); counters are summed over pods.
*/}}
{{- define "banter.prometheusRule" -}}
{{- $alerts := .Values.app.monitoring.alerts -}}
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
{{- end -}}

{{/*
The business metrics and the alerts' signals on one Grafana dashboard, as a ConfigMap that a Grafana dashboard sidecar
loads (grafanaDashboard.labels). The JSON is a raw string: Grafana's {{legend}} braces are not Helm's.
*/}}
{{- define "banter.grafanaDashboard" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: banter-grafana-dashboard
  labels:
    app.kubernetes.io/name: banter
    app.kubernetes.io/managed-by: quarkus
    {{- with .Values.app.monitoring.grafanaDashboard.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
data:
  banter-operations.json: |-
{{ `{
  "uid": "banter-operations",
  "title": "Banter operations",
  "schemaVersion": 39,
  "version": 1,
  "tags": [
    "banter"
  ],
  "timezone": "browser",
  "refresh": "30s",
  "time": {
    "from": "now-6h",
    "to": "now"
  },
  "templating": {
    "list": [
      {
        "name": "datasource",
        "type": "datasource",
        "query": "prometheus",
        "label": "Data source"
      }
    ]
  },
  "panels": [
    {
      "id": 1,
      "type": "timeseries",
      "title": "Call minutes billed per minute",
      "datasource": {
        "type": "prometheus",
        "uid": "${datasource}"
      },
      "gridPos": {
        "x": 0,
        "y": 0,
        "w": 12,
        "h": 8
      },
      "fieldConfig": {
        "defaults": {
          "unit": "short"
        },
        "overrides": []
      },
      "targets": [
        {
          "refId": "A",
          "expr": "sum(rate(banter_calls_minutes_billed_total[5m])) * 60",
          "legendFormat": "minutes"
        }
      ]
    },
    {
      "id": 2,
      "type": "timeseries",
      "title": "Calls ended by reason (per minute)",
      "datasource": {
        "type": "prometheus",
        "uid": "${datasource}"
      },
      "gridPos": {
        "x": 12,
        "y": 0,
        "w": 12,
        "h": 8
      },
      "fieldConfig": {
        "defaults": {
          "unit": "short"
        },
        "overrides": []
      },
      "targets": [
        {
          "refId": "A",
          "expr": "sum by (reason) (rate(banter_calls_ended_total[5m])) * 60",
          "legendFormat": "{{reason}}"
        }
      ]
    },
    {
      "id": 3,
      "type": "timeseries",
      "title": "Billing lag",
      "datasource": {
        "type": "prometheus",
        "uid": "${datasource}"
      },
      "gridPos": {
        "x": 0,
        "y": 8,
        "w": 12,
        "h": 8
      },
      "fieldConfig": {
        "defaults": {
          "unit": "s"
        },
        "overrides": []
      },
      "targets": [
        {
          "refId": "A",
          "expr": "max(banter_billing_lag_seconds)",
          "legendFormat": "lag"
        }
      ]
    },
    {
      "id": 4,
      "type": "timeseries",
      "title": "Billing tick duration",
      "datasource": {
        "type": "prometheus",
        "uid": "${datasource}"
      },
      "gridPos": {
        "x": 12,
        "y": 8,
        "w": 12,
        "h": 8
      },
      "fieldConfig": {
        "defaults": {
          "unit": "s"
        },
        "overrides": []
      },
      "targets": [
        {
          "refId": "A",
          "expr": "max(rate(banter_billing_tick_seconds_sum[5m]) / rate(banter_billing_tick_seconds_count[5m]))",
          "legendFormat": "mean"
        },
        {
          "refId": "B",
          "expr": "max(banter_billing_tick_seconds_max)",
          "legendFormat": "max"
        }
      ]
    },
    {
      "id": 5,
      "type": "timeseries",
      "title": "Open holds",
      "datasource": {
        "type": "prometheus",
        "uid": "${datasource}"
      },
      "gridPos": {
        "x": 0,
        "y": 16,
        "w": 12,
        "h": 8
      },
      "fieldConfig": {
        "defaults": {
          "unit": "short"
        },
        "overrides": []
      },
      "targets": [
        {
          "refId": "A",
          "expr": "max(banter_wallet_holds_open)",
          "legendFormat": "open holds"
        }
      ]
    },
    {
      "id": 6,
      "type": "timeseries",
      "title": "Coins credited per hour",
      "datasource": {
        "type": "prometheus",
        "uid": "${datasource}"
      },
      "gridPos": {
        "x": 12,
        "y": 16,
        "w": 12,
        "h": 8
      },
      "fieldConfig": {
        "defaults": {
          "unit": "short"
        },
        "overrides": []
      },
      "targets": [
        {
          "refId": "A",
          "expr": "sum(increase(banter_payments_coins_credited_total[1h]))",
          "legendFormat": "coins"
        },
        {
          "refId": "B",
          "expr": "sum(increase(banter_payments_purchases_credited_total[1h]))",
          "legendFormat": "purchases"
        }
      ]
    },
    {
      "id": 7,
      "type": "timeseries",
      "title": "Purchases stuck",
      "datasource": {
        "type": "prometheus",
        "uid": "${datasource}"
      },
      "gridPos": {
        "x": 0,
        "y": 24,
        "w": 12,
        "h": 8
      },
      "fieldConfig": {
        "defaults": {
          "unit": "short"
        },
        "overrides": []
      },
      "targets": [
        {
          "refId": "A",
          "expr": "max by (status) (banter_payments_purchases_stuck)",
          "legendFormat": "{{status}}"
        }
      ]
    },
    {
      "id": 8,
      "type": "timeseries",
      "title": "Oldest stuck purchase",
      "datasource": {
        "type": "prometheus",
        "uid": "${datasource}"
      },
      "gridPos": {
        "x": 12,
        "y": 24,
        "w": 12,
        "h": 8
      },
      "fieldConfig": {
        "defaults": {
          "unit": "s"
        },
        "overrides": []
      },
      "targets": [
        {
          "refId": "A",
          "expr": "max by (status) (banter_payments_purchases_stuck_age_seconds)",
          "legendFormat": "{{status}}"
        }
      ]
    },
    {
      "id": 9,
      "type": "timeseries",
      "title": "Webhook deliveries (per minute)",
      "datasource": {
        "type": "prometheus",
        "uid": "${datasource}"
      },
      "gridPos": {
        "x": 0,
        "y": 32,
        "w": 12,
        "h": 8
      },
      "fieldConfig": {
        "defaults": {
          "unit": "short"
        },
        "overrides": []
      },
      "targets": [
        {
          "refId": "A",
          "expr": "sum by (provider, outcome) (rate(banter_webhooks_deliveries_total[5m])) * 60",
          "legendFormat": "{{provider}} {{outcome}}"
        }
      ]
    },
    {
      "id": 10,
      "type": "timeseries",
      "title": "Websocket connections per pod",
      "datasource": {
        "type": "prometheus",
        "uid": "${datasource}"
      },
      "gridPos": {
        "x": 12,
        "y": 32,
        "w": 12,
        "h": 8
      },
      "fieldConfig": {
        "defaults": {
          "unit": "short"
        },
        "overrides": []
      },
      "targets": [
        {
          "refId": "A",
          "expr": "sum by (pod) (banter_realtime_connections)",
          "legendFormat": "{{pod}}"
        }
      ]
    },
    {
      "id": 11,
      "type": "timeseries",
      "title": "Websocket delivery latency",
      "datasource": {
        "type": "prometheus",
        "uid": "${datasource}"
      },
      "gridPos": {
        "x": 0,
        "y": 40,
        "w": 12,
        "h": 8
      },
      "fieldConfig": {
        "defaults": {
          "unit": "s"
        },
        "overrides": []
      },
      "targets": [
        {
          "refId": "A",
          "expr": "histogram_quantile(0.99, sum by (le) (rate(banter_realtime_delivery_seconds_bucket[5m])))",
          "legendFormat": "p99"
        },
        {
          "refId": "B",
          "expr": "histogram_quantile(0.5, sum by (le) (rate(banter_realtime_delivery_seconds_bucket[5m])))",
          "legendFormat": "p50"
        }
      ]
    },
    {
      "id": 12,
      "type": "timeseries",
      "title": "Rate-limit refusals (per minute)",
      "datasource": {
        "type": "prometheus",
        "uid": "${datasource}"
      },
      "gridPos": {
        "x": 12,
        "y": 40,
        "w": 12,
        "h": 8
      },
      "fieldConfig": {
        "defaults": {
          "unit": "short"
        },
        "overrides": []
      },
      "targets": [
        {
          "refId": "A",
          "expr": "sum by (bucket) (rate(banter_ratelimit_refusals_total[5m])) * 60",
          "legendFormat": "{{bucket}}"
        }
      ]
    },
    {
      "id": 13,
      "type": "timeseries",
      "title": "5xx ratio",
      "datasource": {
        "type": "prometheus",
        "uid": "${datasource}"
      },
      "gridPos": {
        "x": 0,
        "y": 48,
        "w": 24,
        "h": 8
      },
      "fieldConfig": {
        "defaults": {
          "unit": "percentunit"
        },
        "overrides": []
      },
      "targets": [
        {
          "refId": "A",
          "expr": "sum(rate(http_server_requests_seconds_count{status=~\"5..\"}[5m])) / sum(rate(http_server_requests_seconds_count[5m]))",
          "legendFormat": "5xx"
        }
      ]
    }
  ]
}` | indent 4 }}
{{- end -}}
