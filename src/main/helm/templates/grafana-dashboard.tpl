{{- /*
NOT YET IN THE GENERATED CHART: quarkus-helm 1.x copies only _helpers.tpl and NOTES.txt from here (as .yaml or as
.tpl this file was left out); see the issue 16 closing note for the way in (a named template in _helpers.tpl).
Operations (issue 16): the business metrics and the alerts' signals on one Grafana dashboard, as a ConfigMap that a
Grafana dashboard sidecar loads (grafanaDashboard.labels). The JSON is a raw string: Grafana's {{legend}} braces are
not Helm's.
*/ -}}
{{- if .Values.app.monitoring.grafanaDashboard.enabled }}
---
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
{{- end }}
