package app.banter.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;

/**
 * The service trusts X-Forwarded-For from BANTER_TRUSTED_PROXIES: only the ingress controller may reach its API port,
 * or any pod in that range could forge a client address (per-IP sign-in limits, Exotel's source networks). The
 * management port (health, metrics) is for the monitoring namespace only.
 */
class ServiceNetworkPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = { "values.yaml", "values-production.yaml" })
    void onlyTheIngressControllerReachesTheApiAndOnlyMonitoringTheManagementPort(String values) {
        List<HasMetadata> objects = Charts.render("banter", values);
        NetworkPolicy policy = Charts.only(objects, NetworkPolicy.class, "banter");
        assertThat(policy.getAdditionalProperties()).isEmpty();
        assertThat(policy.getSpec().getAdditionalProperties()).as("fields the schema does not know").isEmpty();
        Map<String, String> pods = policy.getSpec().getPodSelector().getMatchLabels();
        assertThat(pods).isNotEmpty();
        assertThat(Charts.only(objects, Deployment.class, "banter").getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(pods);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");

        List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress();
        assertThat(rules).hasSize(2).allSatisfy(rule -> {
            assertThat(rule.getAdditionalProperties()).isEmpty();
            assertThat(rule.getPorts()).singleElement()
                    .satisfies(port -> assertThat(port.getProtocol()).isEqualTo("TCP"));
            // A rule without peers would admit everyone.
            assertThat(rule.getFrom()).isNotEmpty().allSatisfy(peer -> assertThat(peer.getAdditionalProperties())
                    .isEmpty());
        });
        assertThat(rules.get(0).getPorts().getFirst().getPort().getIntVal()).isEqualTo(8080);
        assertThat(rules.get(0).getFrom()).singleElement().satisfies(peer -> {
            assertThat(selects(peer.getNamespaceSelector()))
                    .isEqualTo("kubernetes.io/metadata.name In [ingress-nginx]");
            assertThat(selects(peer.getPodSelector())).isEqualTo("app.kubernetes.io/name In [ingress-nginx]");
        });
        assertThat(rules.get(1).getPorts().getFirst().getPort().getIntVal())
                .isEqualTo(ServiceChartTest.MANAGEMENT_PORT);
        assertThat(rules.get(1).getFrom()).singleElement().satisfies(peer -> {
            assertThat(selects(peer.getNamespaceSelector())).isEqualTo("kubernetes.io/metadata.name In [monitoring]");
            assertThat(peer.getPodSelector()).isNull();
        });
    }

    @Test
    void theIngressNamespaceAndAddressesOutsideThePodNetworkAreValues() {
        String namespace = "app.networkPolicy.ingressController.namespaceSelector.";
        NetworkPolicy policy = Charts.only(Charts.render("banter", null, Map.of(namespace + "matchExpressions", "null",
                namespace + "matchLabels.team", "edge", "app.networkPolicy.apiFromCidrs[0]", "192.0.2.0/24")),
                NetworkPolicy.class, "banter");
        List<NetworkPolicyPeer> api = policy.getSpec().getIngress().getFirst().getFrom();
        assertThat(api).hasSize(2);
        assertThat(api.get(0).getNamespaceSelector().getMatchExpressions()).isEmpty();
        assertThat(api.get(0).getNamespaceSelector().getMatchLabels()).containsExactly(Map.entry("team", "edge"));
        assertThat(api.get(1).getIpBlock().getCidr()).isEqualTo("192.0.2.0/24");
    }

    @Test
    void theNetworkPolicyCanBeLeftOut() {
        assertThat(Charts.render("banter", null)).anyMatch(NetworkPolicy.class::isInstance);
        assertThat(Charts.render("banter", null, Map.of("app.networkPolicy.enabled", "false")))
                .noneMatch(NetworkPolicy.class::isInstance).anyMatch(Deployment.class::isInstance);
    }

    @Test
    void trustedProxiesAreAValue() {
        assertThat(config(Map.of())).containsEntry("BANTER_TRUSTED_PROXIES", "10.0.0.0/8");
        assertThat(config(Map.of("app.config.trustedProxies", "10.244.0.0/16,10.245.0.0/16")))
                .containsEntry("BANTER_TRUSTED_PROXIES", "10.244.0.0/16,10.245.0.0/16");
    }

    private static Map<String, String> config(Map<String, String> set) {
        return Charts.only(Charts.render("banter", null, set), ConfigMap.class, "banter-config").getData();
    }

    /** A selector of one expression, as "key Operator [values]". */
    private static String selects(LabelSelector selector) {
        assertThat(selector).isNotNull();
        assertThat(selector.getMatchLabels()).isNullOrEmpty();
        return selector.getMatchExpressions().stream()
                .map(expression -> expression.getKey() + " " + expression.getOperator() + " " + expression.getValues())
                .reduce((a, b) -> a + ", " + b).orElse("");
    }
}
