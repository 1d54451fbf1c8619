package app.banter.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** livekit/ holds the media tier's config for plain VMs; it must say what the charts' defaults say. */
class VmConfigTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void turnserverConfIsTheChartsDefaultConfig() throws IOException {
        List<String> vm = Files.readAllLines(Path.of("livekit/turnserver.conf")).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        assertThat(vm).containsExactlyElementsOf(MediaChartsTest.turnserverConf(Charts.render("coturn", null)));
    }

    @Test
    void livekitYamlDiffersFromTheChartsOnlyWhereAVmDoes() throws IOException {
        Map<String, Object> vm = YAML.readValue(Path.of("livekit/livekit.yaml").toFile(),
                YAML.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
        Map<String, Object> chart = MediaChartsTest.livekitConfig(Charts.render("livekit-server", null));
        // On a VM Redis is local and the service is reached at its public address.
        assertThat(MediaChartsTest.webhookUrl(vm)).endsWith("/api/v1/webhooks/livekit");
        assertThat(withoutVmSpecifics(vm)).isEqualTo(withoutVmSpecifics(chart));
    }

    @Test
    void vmAndChartRenderLivekitConfigWithTheSameScript() throws IOException {
        assertThat(Files.readString(Path.of("livekit/render.py")))
                .isEqualTo(Files.readString(Path.of("helm/livekit-server/files/render.py")));
    }

    @Test
    void renderScriptDerivesTheTurnCredentialCoturnChecks(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("livekit.yaml");
        ProcessBuilder python = new ProcessBuilder("python3", "livekit/render.py", "livekit/livekit.yaml",
                output.toString()).redirectErrorStream(true);
        python.environment().putAll(Map.of("LIVEKIT_API_KEY", "APIkey", "LIVEKIT_API_SECRET", "s3cret: \"quoted\"",
                "TURN_SECRET", "turn-shared-secret", "TURN_CREDENTIAL_TTL_HOURS", "24", "REDIS_PASSWORD", ""));
        Process process = python.start();
        String log = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(log).isZero();

        Map<String, Object> config = YAML.readValue(output.toFile(),
                YAML.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
        assertThat(config.get("keys")).isEqualTo(Map.of("APIkey", "s3cret: \"quoted\""));
        Map<?, ?> turn = (Map<?, ?>) ((List<?>) ((Map<?, ?>) config.get("rtc")).get("turn_servers")).getFirst();
        String username = (String) turn.get("username");
        long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
        assertThat(expiry - System.currentTimeMillis() / 1000).isBetween(24 * 3600L - 60, 24 * 3600L);
        assertThat(turn.get("credential")).isEqualTo(hmacSha1Base64("turn-shared-secret", username));
    }

    private static Map<String, Object> withoutVmSpecifics(Map<String, Object> config) {
        Map<String, Object> copy = new HashMap<>(config);
        copy.remove("webhook");
        Map<Object, Object> redis = new HashMap<>((Map<?, ?>) config.get("redis"));
        redis.remove("address");
        copy.put("redis", redis);
        return copy;
    }

    private static String hmacSha1Base64(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes()));
    }
}
