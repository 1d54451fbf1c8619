package app.banter.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The service chart's alerts (a PrometheusRule) and Grafana dashboard (a ConfigMap), rendered by the real Helm: off
 * unless asked, and when on, over metrics the service exports (app.banter.metrics.BusinessMetricsTest scrapes
 * /q/metrics for every series the chart's _monitoring.tpl names). They reach the generated chart through the
 * expression of the ConfigMap's last entry (application.properties), so that ConfigMap must come out whole too.
 */
class MonitoringChartTest {

    /** The series the service exports that alerts and panels may use (Prometheus names, suffixes included). */
    private static final Set<String> EXPORTED = Set.of("banter_calls_minutes_billed_total", "banter_calls_ended_total",
            "banter_billing_tick_seconds_sum", "banter_billing_tick_seconds_count", "banter_billing_tick_seconds_max",
            "banter_billing_lag_seconds", "banter_wallet_holds_open", "banter_payments_purchases_credited_total",
            "banter_payments_coins_credited_total", "banter_payments_purchases_stuck",
            "banter_payments_purchases_stuck_age_seconds", "banter_webhooks_deliveries_total",
            "banter_realtime_connections", "banter_realtime_delivery_seconds_bucket",
            "banter_ratelimit_refusals_total", "http_server_requests_seconds_count");
    private static final Pattern SERIES = Pattern.compile("\\b(banter_[a-z_]+|http_server_[a-z_]+)");

    private static final Map<String, String> ALL_ON = Map.of("app.monitoring.prometheusRule.enabled", "true",
            "app.monitoring.prometheusRule.labels.release", "kube-prometheus-stack",
            "app.monitoring.grafanaDashboard.enabled", "true");

    @Test
    void neitherRulesNorDashboardUnlessAsked() {
        // Without the Prometheus Operator's CRD a PrometheusRule would fail the whole install.
        assertThat(Charts.render("banter", null)).noneMatch(object -> object.getKind().equals("PrometheusRule"))
                .noneMatch(object -> object.getMetadata().getName().equals("banter-grafana-dashboard"));
        assertThat(Charts.render("banter", "values-production.yaml"))
                .noneMatch(object -> object.getKind().equals("PrometheusRule"));
    }

    @Test
    void eachIsOnByItself() {
        List<HasMetadata> rulesOnly = Charts.render("banter", null,
                Map.of("app.monitoring.prometheusRule.enabled", "true"));
        assertThat(rulesOnly).filteredOn(object -> object.getKind().equals("PrometheusRule")).hasSize(1);
        assertThat(rulesOnly).noneMatch(object -> object.getMetadata().getName().equals("banter-grafana-dashboard"));

        List<HasMetadata> dashboardOnly = Charts.render("banter", "values-production.yaml",
                Map.of("app.monitoring.grafanaDashboard.enabled", "true"));
        assertThat(dashboardOnly).noneMatch(object -> object.getKind().equals("PrometheusRule"));
        Charts.only(dashboardOnly, ConfigMap.class, "banter-grafana-dashboard");
    }

    @Test
    void theServiceConfigMapCarryingThemStaysWhole() {
        List<HasMetadata> off = Charts.render("banter", null);
        List<HasMetadata> on = Charts.render("banter", null, ALL_ON);
        assertThat(Charts.only(on, ConfigMap.class, "banter-config"))
                .isEqualTo(Charts.only(off, ConfigMap.class, "banter-config"));
        assertThat(Charts.only(on, ConfigMap.class, "banter-config").getData()).containsEntry("BANTER_TURN_URLS",
                "turn:turn.banter.example:3478?transport=udp,turns:turn.banter.example:5349?transport=tcp");
        // The two are added, nothing else changes.
        assertThat(on).hasSize(off.size() + 2).containsAll(off);
    }

    @Test
    void theAlertsThatMatter() {
        GenericKubernetesResource rule = Charts.generic(Charts.render("banter", null, ALL_ON), "PrometheusRule",
                "banter");
        assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack")
                .containsEntry("app.kubernetes.io/name", "banter");
        Map<String, Map<String, Object>> alerts = alerts(rule);
        assertThat(alerts).containsOnlyKeys("BanterBillingLag", "BanterWebhookBadSignatures",
                "BanterPurchasesPending", "BanterServerErrors", "BanterWebsocketsNearPodLimit");

        assertThat(expr(alerts, "BanterBillingLag")).isEqualTo("max(banter_billing_lag_seconds) > 2 * 5");
        assertThat(expr(alerts, "BanterWebhookBadSignatures")).contains("outcome=\"bad_signature\"")
                .contains("by (provider)").endsWith("> 20");
        assertThat(expr(alerts, "BanterPurchasesPending"))
                .isEqualTo("max(banter_payments_purchases_stuck_age_seconds{status=\"PENDING\"}) > 600");
        assertThat(expr(alerts, "BanterServerErrors")).contains("status=~\"5..\"").endsWith("> 0.05");
        assertThat(expr(alerts, "BanterWebsocketsNearPodLimit"))
                .isEqualTo("max by (pod) (banter_realtime_connections) > 20000 * 0.8");
        alerts.forEach((name, alert) -> {
            assertThat(seriesIn((String) alert.get("expr"))).as(name).isNotEmpty().isSubsetOf(EXPORTED);
            assertThat(((Map<?, ?>) alert.get("labels")).get("severity")).as(name).isIn("warning", "critical");
            // Prometheus' own template syntax reaches the rule unexpanded by Helm.
            assertThat((String) ((Map<?, ?>) alert.get("annotations")).get("description")).as(name).contains("{{ $");
        });
    }

    @Test
    void thresholdsAreValues() {
        Map<String, String> values = new java.util.HashMap<>(ALL_ON);
        values.put("app.monitoring.alerts.billingTickSeconds", "10");
        values.put("app.monitoring.alerts.pendingPurchaseSeconds", "900");
        values.put("app.monitoring.alerts.websocketsPerPodLimit", "5000");
        Map<String, Map<String, Object>> alerts = alerts(
                Charts.generic(Charts.render("banter", null, values), "PrometheusRule", "banter"));
        assertThat(expr(alerts, "BanterBillingLag")).endsWith("> 2 * 10");
        assertThat(expr(alerts, "BanterPurchasesPending")).endsWith("> 900");
        assertThat(expr(alerts, "BanterWebsocketsNearPodLimit")).endsWith("> 5000 * 0.8");
    }

    @Test
    void aDashboardOfTheBusinessMetrics() throws Exception {
        List<HasMetadata> objects = Charts.render("banter", null, ALL_ON);
        ConfigMap dashboard = Charts.only(objects, ConfigMap.class, "banter-grafana-dashboard");
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        JsonNode json = new ObjectMapper().readTree(dashboard.getData().get("banter-operations.json"));
        assertThat(json.path("uid").asText()).isEqualTo("banter-operations");

        List<String> exprs = new ArrayList<>();
        List<String> legends = new ArrayList<>();
        json.path("panels").forEach(panel -> panel.path("targets").forEach(target -> {
            exprs.add(target.path("expr").asText());
            legends.add(target.path("legendFormat").asText());
        }));
        List<String> used = exprs.stream().flatMap(expr -> seriesIn(expr).stream()).toList();
        assertThat(used).isSubsetOf(EXPORTED);
        // Every business metric has a panel.
        assertThat(used).containsAll(EXPORTED.stream().filter(name -> name.startsWith("banter_")
                && !name.equals("banter_billing_tick_seconds_count")).toList());
        // Grafana's legend placeholders survive Helm.
        assertThat(legends).contains("{{reason}}", "{{provider}} {{outcome}}", "{{pod}}");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> alerts(GenericKubernetesResource rule) {
        List<Map<String, Object>> rules = rule.get("spec", "groups", 0, "rules");
        Map<String, Map<String, Object>> byName = new java.util.LinkedHashMap<>();
        rules.forEach(alert -> byName.put((String) alert.get("alert"), alert));
        return byName;
    }

    private static String expr(Map<String, Map<String, Object>> alerts, String name) {
        return ((String) alerts.get(name).get("expr")).trim();
    }

    private static Set<String> seriesIn(String expr) {
        Set<String> names = new java.util.TreeSet<>();
        Matcher matcher = SERIES.matcher(expr);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
