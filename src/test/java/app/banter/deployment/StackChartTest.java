package app.banter.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.marcnuri.helm.LintResult;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;

/** The umbrella chart: the service, LiveKit and coturn in one release, configured from one values file. */
class StackChartTest {

    @ParameterizedTest
    @ValueSource(strings = { "values.yaml", "values-production.yaml" })
    void lintPasses(String values) {
        LintResult lint = Charts.lint("banter-stack", values);
        assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "values.yaml", "values-production.yaml" })
    void installsTheServiceLivekitAndCoturnSharingTheirSecrets(String values) {
        List<HasMetadata> objects = Charts.render("banter-stack", values);
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
        List<HasMetadata> objects = Charts.render("banter-stack", values);
        Service service = Charts.only(objects, Service.class, "banter");
        URI webhook = URI.create(MediaChartsTest.webhookUrl(MediaChartsTest.livekitConfig(objects)));
        assertThat(webhook.getHost()).isEqualTo(service.getMetadata().getName() + "." + Charts.NAMESPACE
                + ".svc.cluster.local");
        assertThat(webhook.getPort()).isEqualTo(service.getSpec().getPorts().getFirst().getPort());
        assertThat(webhook.getPath()).isEqualTo("/api/v1/webhooks/livekit");
    }

    @Test
    void productionValuesScaleTheServiceFurther() {
        HorizontalPodAutoscaler hpa = Charts.only(Charts.render("banter-stack", "values-production.yaml"),
                HorizontalPodAutoscaler.class, "banter");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(30);
    }
}
