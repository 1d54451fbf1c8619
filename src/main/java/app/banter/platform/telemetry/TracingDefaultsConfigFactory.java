package app.banter.platform.telemetry;

import java.util.Collections;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Tracing is off unless an OTLP endpoint is configured at run time (QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT or
 * _TRACES_ENDPOINT): the OpenTelemetry SDK's own default would export to localhost:4317, which in a pod without a
 * collector is an error logged every few seconds and spans kept in memory for nothing. An explicit
 * {@code quarkus.otel.sdk.disabled} anywhere (application.properties, environment) still wins, since this source sits
 * below all of them.
 */
public class TracingDefaultsConfigFactory implements ConfigSourceFactory {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    static final String ENDPOINT = "quarkus.otel.exporter.otlp.endpoint";
    static final String TRACES_ENDPOINT = "quarkus.otel.exporter.otlp.traces.endpoint";
    /** Below application.properties (250) and the environment (300), above the extensions' defaults. */
    private static final int ORDINAL = 150;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (isConfigured(context.getValue(ENDPOINT)) || isConfigured(context.getValue(TRACES_ENDPOINT))) {
            return Collections.emptyList();
        }
        return Collections.singletonList(
                new PropertiesConfigSource(Map.of(SDK_DISABLED, "true"), "banter-tracing-off-without-endpoint", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /** Set by someone: the extension's built-in default (localhost:4317) lives in a source far below this one. */
    private static boolean isConfigured(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank()
                && value.getConfigSourceOrdinal() > ORDINAL;
    }
}
