package app.banter.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.marcnuri.helm.LintResult;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;

/** The umbrella chart: the service, LiveKit and coturn in one release, configured from one values file. */
class StackChartTest {

    /**
     * The media nodes' addresses, which an install must give (LiveKit's webhooks come from them) and no values file of
     * the chart knows: the chart refuses to render without them.
     */
    static final String MEDIA_NODES = "192.0.2.0/24";

    @ParameterizedTest
    @ValueSource(strings = { "values.yaml", "values-production.yaml" })
    void lintPasses(String values) {
        LintResult lint = Charts.lint("banter-stack", values,
                "banter: {app: {networkPolicy: {apiFromCidrs: [" + MEDIA_NODES + "]}}}");
        assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "values.yaml", "values-production.yaml" })
    void installsTheServiceLivekitAndCoturnSharingTheirSecrets(String values) {
        List<HasMetadata> objects = render(values);
        Container service = ServiceChartTest.container(Charts.only(objects, Deployment.class, "banter"));
        Container livekitConfig = Charts.only(objects, Deployment.class, "banter-livekit").getSpec().getTemplate()
                .getSpec().getInitContainers().getFirst();
        Container coturn = Charts.only(objects, DaemonSet.class, "banter-coturn").getSpec().getTemplate().getSpec()
                .getContainers().getFirst();

        // The service reads BANTER_TURN_SECRET and the LiveKit keys from its Secrets' keys of the same names.
        assertThat(ServiceChartTest.secretNames(service)).containsExactlyInAnyOrderElementsOf(
                ServiceChartTest.SERVICE_SECRETS);
        assertThat(MediaChartsTest.secretRef(livekitConfig, "TURN_SECRET")).isEqualTo("banter-turn/BANTER_TURN_SECRET")
                .isEqualTo(MediaChartsTest.secretRef(coturn, "TURN_SECRET"));
        assertThat(MediaChartsTest.secretRef(livekitConfig, "LIVEKIT_API_SECRET"))
                .isEqualTo("banter-livekit/BANTER_LIVEKIT_API_SECRET");
    }

    @ParameterizedTest
    @ValueSource(strings = { "values.yaml", "values-production.yaml" })
    void livekitWebhooksReachTheServiceWebhookEndpoint(String values) {
        List<HasMetadata> objects = render(values);
        Service service = Charts.only(objects, Service.class, "banter");
        URI webhook = URI.create(MediaChartsTest.webhookUrl(MediaChartsTest.livekitConfig(objects)));
        assertThat(webhook.getHost()).isEqualTo(service.getMetadata().getName() + "." + Charts.NAMESPACE
                + ".svc.cluster.local");
        assertThat(webhook.getPort()).isEqualTo(service.getSpec().getPorts().getFirst().getPort());
        assertThat(webhook.getPath()).isEqualTo("/api/v1/webhooks/livekit");
    }

    @ParameterizedTest
    @ValueSource(strings = { "values.yaml", "values-production.yaml" })
    void noTwoMediaServersShareAHostPort(String values) {
        assertThat(hostPortOverlaps(render(values))).isEmpty();
    }

    @Test
    void overlappingRelayAndMediaRangesAreCaught() {
        // The check itself: coturn's relay range reaching into LiveKit's media range must be reported.
        List<String> overlaps = hostPortOverlaps(render("values.yaml", Map.of("coturn.relay.maxPort", "50010")));
        assertThat(overlaps).singleElement().asString().contains("coturn relay", "livekit media", "udp");
    }

    @Test
    void anotherReleaseNameReachesItsOwnLivekit() {
        List<HasMetadata> objects = Charts.render("media", "banter-stack", "values.yaml", withMediaNodes(Map.of()));
        Service livekit = Charts.only(objects, Service.class, "media-livekit");
        URI api = URI.create(Charts.only(objects, ConfigMap.class, "banter-config").getData()
                .get("BANTER_LIVEKIT_API_URL"));
        assertThat(api.getHost()).isEqualTo(livekit.getMetadata().getName());
        assertThat(api.getPort()).isEqualTo(livekit.getSpec().getPorts().getFirst().getPort());
    }

    @ParameterizedTest
    @ValueSource(strings = { "values.yaml", "values-production.yaml" })
    void theTurnHostIsSetInOnePlace(String values) {
        List<HasMetadata> objects = render(values, Map.of("global.turnHost", "turn.example.net"));
        String turnUrls = Charts.only(objects, ConfigMap.class, "banter-config").getData().get("BANTER_TURN_URLS");
        assertThat(turnUrls.split(",")).isNotEmpty()
                .allSatisfy(url -> assertThat(url).matches("turns?:turn\\.example\\.net:\\d+\\?transport=\\w+"));
        List<?> livekitTurn = (List<?>) ((Map<?, ?>) MediaChartsTest.livekitConfig(objects).get("rtc"))
                .get("turn_servers");
        assertThat(livekitTurn).isNotEmpty()
                .allSatisfy(server -> assertThat(((Map<?, ?>) server).get("host")).isEqualTo("turn.example.net"));
    }

    /**
     * LiveKit and coturn share the media nodes' network: every port or range one listens on must be free of the other's
     * (and of its own other ports), per protocol. Returns the overlaps found.
     */
    static List<String> hostPortOverlaps(List<HasMetadata> objects) {
        Map<String, Object> livekit = MediaChartsTest.livekitConfig(objects);
        Map<?, ?> rtc = (Map<?, ?>) livekit.get("rtc");
        Map<String, String> coturn = new HashMap<>();
        MediaChartsTest.turnserverConf(objects).stream().filter(line -> line.contains("="))
                .forEach(line -> coturn.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
        int turn = Integer.parseInt(coturn.get("listening-port"));
        List<PortRange> ranges = new ArrayList<>(List.of(
                new PortRange("livekit signalling", "tcp", (Integer) livekit.get("port"), (Integer) livekit.get("port")),
                new PortRange("livekit ice-tcp", "tcp", (Integer) rtc.get("tcp_port"), (Integer) rtc.get("tcp_port")),
                new PortRange("livekit media", "udp", (Integer) rtc.get("port_range_start"),
                        (Integer) rtc.get("port_range_end")),
                new PortRange("coturn listening", "udp", turn, turn), new PortRange("coturn listening", "tcp", turn, turn),
                new PortRange("coturn relay", "udp", Integer.parseInt(coturn.get("min-port")),
                        Integer.parseInt(coturn.get("max-port")))));
        if (coturn.containsKey("tls-listening-port")) {
            int tls = Integer.parseInt(coturn.get("tls-listening-port"));
            ranges.add(new PortRange("coturn tls", "tcp", tls, tls));
        }
        List<String> overlaps = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            for (int j = i + 1; j < ranges.size(); j++) {
                if (ranges.get(i).overlaps(ranges.get(j))) {
                    overlaps.add(ranges.get(i) + " overlaps " + ranges.get(j));
                }
            }
        }
        return overlaps;
    }

    record PortRange(String owner, String protocol, int first, int last) {
        boolean overlaps(PortRange other) {
            return protocol.equals(other.protocol) && first <= other.last && other.first <= last;
        }

        @Override
        public String toString() {
            return owner + " " + protocol + " " + first + "-" + last;
        }
    }

    @Test
    void productionValuesScaleTheServiceFurther() {
        HorizontalPodAutoscaler hpa = Charts.only(render("values-production.yaml"), HorizontalPodAutoscaler.class,
                "banter");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(30);
    }

    /**
     * LiveKit runs on the media nodes' network and posts its webhooks to the service from their addresses, which the
     * service's NetworkPolicy admits only when listed: without them every webhook would be dropped unseen, so the chart
     * refuses to render.
     */
    @ParameterizedTest
    @ValueSource(strings = { "values.yaml", "values-production.yaml" })
    void withoutTheMediaNodesAddressesTheStackDoesNotRender(String values) {
        assertThatThrownBy(() -> Charts.render("banter-stack", values))
                .hasMessageContaining("set banter.app.networkPolicy.apiFromCidrs to the media nodes' CIDRs");
    }

    @Test
    void theMediaNodesAddressesAreAdmittedToTheApiPort() {
        NetworkPolicy policy = Charts.only(render("values-production.yaml"), NetworkPolicy.class, "banter");
        NetworkPolicyIngressRule api = policy.getSpec().getIngress().getFirst();
        assertThat(api.getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(8080));
        assertThat(api.getFrom()).extracting(NetworkPolicyPeer::getIpBlock).filteredOn(Objects::nonNull)
                .extracting(IPBlock::getCidr).containsExactly(MEDIA_NODES);
    }

    @Test
    void withoutLivekitOrANetworkPolicyNoAddressesAreNeeded() {
        assertThat(Charts.render("banter-stack", "values-production.yaml", Map.of("livekit-server.enabled", "false")))
                .anyMatch(NetworkPolicy.class::isInstance);
        assertThat(Charts.render("banter-stack", "values-production.yaml",
                Map.of("banter.app.networkPolicy.enabled", "false"))).noneMatch(NetworkPolicy.class::isInstance);
    }

    /** The stack rendered as an install gives it: a values file of the chart and the media nodes' addresses. */
    private static List<HasMetadata> render(String values) {
        return render(values, Map.of());
    }

    private static List<HasMetadata> render(String values, Map<String, String> set) {
        return Charts.render("banter-stack", values, withMediaNodes(set));
    }

    private static Map<String, String> withMediaNodes(Map<String, String> set) {
        Map<String, String> all = new LinkedHashMap<>(set);
        all.put("banter.app.networkPolicy.apiFromCidrs[0]", MEDIA_NODES);
        return all;
    }
}
