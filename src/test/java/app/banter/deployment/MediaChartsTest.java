package app.banter.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.LintResult;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/** The media tier's charts: livekit-server and coturn, each with its default and production values. */
class MediaChartsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Private and special ranges coturn must never relay to: the cluster, the node, the cloud metadata service. */
    static final List<String> PRIVATE_RANGES = List.of("10.0.0.0-10.255.255.255", "172.16.0.0-172.31.255.255",
            "192.168.0.0-192.168.255.255", "127.0.0.0-127.255.255.255", "169.254.0.0-169.254.255.255",
            "100.64.0.0-100.127.255.255", "0.0.0.0-0.255.255.255", "::1",
            "fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff");

    @ParameterizedTest
    @CsvSource({ "livekit-server, values.yaml", "livekit-server, values-production.yaml", "coturn, values.yaml",
            "coturn, values-production.yaml" })
    void lintPasses(String chart, String values) {
        LintResult lint = Charts.lint(chart, values);
        assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "values.yaml", "values-production.yaml" })
    void livekitRunsOnTheNodeNetworkWithKeysAndTurnSecretFromSecrets(String values) {
        List<HasMetadata> objects = Charts.render("livekit-server", values);
        PodSpec pod = Charts.only(objects, Deployment.class, "banter-livekit").getSpec().getTemplate().getSpec();
        assertThat(pod.getHostNetwork()).isTrue();
        assertThat(pod.getDnsPolicy()).isEqualTo("ClusterFirstWithHostNet");

        Container render = pod.getInitContainers().getFirst();
        assertThat(secretRef(render, "LIVEKIT_API_KEY")).isEqualTo("banter-livekit/BANTER_LIVEKIT_API_KEY");
        assertThat(secretRef(render, "LIVEKIT_API_SECRET")).isEqualTo("banter-livekit/BANTER_LIVEKIT_API_SECRET");
        assertThat(secretRef(render, "TURN_SECRET")).isEqualTo("banter-turn/BANTER_TURN_SECRET");

        Map<String, Object> config = livekitConfig(objects);
        assertThat(config).containsEntry("port", 7880).containsEntry("turn", Map.of("enabled", false));
        assertThat(config.get("rtc")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("tcp_port", 7881).containsEntry("port_range_start", 50000)
                .containsEntry("port_range_end", 60000);
        assertThat(config.get("webhook")).isEqualTo(Map.of("api_key", "${LIVEKIT_API_KEY}",
                "urls", List.of("http://banter.banter.svc.cluster.local:80/api/v1/webhooks/livekit")));
        assertThat(config.get("keys")).isEqualTo(Map.of("${LIVEKIT_API_KEY}", "${LIVEKIT_API_SECRET}"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "values.yaml", "values-production.yaml" })
    void coturnUsesTheSharedSecretAndRefusesPrivatePeers(String values) {
        List<HasMetadata> objects = Charts.render("coturn", values);
        PodSpec pod = Charts.only(objects, DaemonSet.class, "banter-coturn").getSpec().getTemplate().getSpec();
        assertThat(pod.getHostNetwork()).isTrue();
        Container coturn = pod.getContainers().getFirst();
        assertThat(coturn.getArgs()).contains("--static-auth-secret=$(TURN_SECRET)");
        assertThat(secretRef(coturn, "TURN_SECRET")).isEqualTo("banter-turn/BANTER_TURN_SECRET");
        assertThat(pod.getVolumes()).extracting(Volume::getSecret).filteredOn(Objects::nonNull)
                .extracting(SecretVolumeSource::getSecretName).containsExactly("banter-turn-tls");

        List<String> conf = turnserverConf(objects);
        assertThat(conf).contains("use-auth-secret", "fingerprint", "cert=/etc/coturn/tls/tls.crt",
                "pkey=/etc/coturn/tls/tls.key", "min-port=40000", "max-port=49999", "user-quota=12",
                "max-bps=500000").anyMatch(line -> line.startsWith("total-quota="))
                .anyMatch(line -> line.startsWith("realm=banter."))
                .noneMatch(line -> line.startsWith("static-auth-secret"));
        assertThat(conf).containsAll(PRIVATE_RANGES.stream().map(range -> "denied-peer-ip=" + range).toList());
    }

    @ParameterizedTest
    @CsvSource({ "livekit-server, values.yaml", "livekit-server, values-production.yaml", "coturn, values.yaml",
            "coturn, values-production.yaml" })
    void everyContainerRunsUnprivileged(String chart, String values) {
        List<PodSpec> pods = Charts.render(chart, values).stream().map(MediaChartsTest::podSpec)
                .filter(Objects::nonNull).toList();
        assertThat(pods).isNotEmpty();
        for (PodSpec pod : pods) {
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            List<Container> containers = new ArrayList<>(pod.getContainers());
            containers.addAll(pod.getInitContainers());
            assertThat(containers).allSatisfy(MediaChartsTest::assertUnprivileged);
        }
    }

    /** Non-root, no way up, nothing written outside its volumes, no capability (every port is above 1024). */
    static void assertUnprivileged(Container container) {
        SecurityContext context = container.getSecurityContext();
        assertThat(context).as(container.getName()).isNotNull();
        assertThat(context.getRunAsNonRoot()).as(container.getName()).isTrue();
        assertThat(context.getRunAsUser()).as(container.getName()).isPositive();
        assertThat(context.getAllowPrivilegeEscalation()).as(container.getName()).isFalse();
        assertThat(context.getReadOnlyRootFilesystem()).as(container.getName()).isTrue();
        assertThat(context.getCapabilities().getDrop()).as(container.getName()).containsExactly("ALL");
        assertThat(context.getCapabilities().getAdd()).as(container.getName()).isNullOrEmpty();
        assertThat(container.getPorts()).as(container.getName())
                .allSatisfy(port -> assertThat(port.getContainerPort()).isGreaterThan(1024));
        assertThat(container.getResources().getRequests()).as(container.getName()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).as(container.getName()).containsKey("memory");
    }

    @ParameterizedTest
    @ValueSource(strings = { "values.yaml", "values-production.yaml" })
    void livekitIsDrainedOnePodAtATime(String values) {
        List<HasMetadata> objects = Charts.render("livekit-server", values);
        PodDisruptionBudget budget = Charts.only(objects, PodDisruptionBudget.class, "banter-livekit");
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(Charts.only(objects, Deployment.class, "banter-livekit").getSpec().getTemplate().getMetadata()
                .getLabels()).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
    }

    private static PodSpec podSpec(HasMetadata object) {
        return switch (object) {
            case Deployment deployment -> deployment.getSpec().getTemplate().getSpec();
            case DaemonSet daemonSet -> daemonSet.getSpec().getTemplate().getSpec();
            default -> null;
        };
    }

    static String secretRef(Container container, String env) {
        SecretKeySelector ref = container.getEnv().stream().filter(var -> var.getName().equals(env)).findFirst()
                .map(EnvVar::getValueFrom).orElseThrow().getSecretKeyRef();
        return ref.getName() + "/" + ref.getKey();
    }

    static Map<String, Object> livekitConfig(List<HasMetadata> objects) {
        try {
            return YAML.readValue(Charts.only(objects, ConfigMap.class, "banter-livekit").getData().get("livekit.yaml"),
                    YAML.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String webhookUrl(Map<String, Object> livekitConfig) {
        Map<?, ?> webhook = (Map<?, ?>) livekitConfig.get("webhook");
        return (String) ((List<?>) webhook.get("urls")).getFirst();
    }

    static List<String> turnserverConf(List<HasMetadata> objects) {
        return Charts.only(objects, ConfigMap.class, "banter-coturn").getData().get("turnserver.conf").lines()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }
}
