package app.banter.platform.telemetry;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;

/**
 * Tracing is off unless an OTLP endpoint is configured at run time (QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT or
 * _TRACES_ENDPOINT): without one the SDK would export to localhost:4317, which in a pod without a collector is an
 * error every few seconds and spans kept in memory for nothing. An interceptor, not a config source, because it must
 * see the endpoint from every source (environment, system properties, test overrides) at once. A value of
 * {@code quarkus.otel.sdk.disabled} that someone set still wins; only the extension's default (false) is replaced.
 */
public class TracingOffWithoutEndpoint implements ConfigSourceInterceptor {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    static final String ENDPOINT = "quarkus.otel.exporter.otlp.endpoint";
    static final String TRACES_ENDPOINT = "quarkus.otel.exporter.otlp.traces.endpoint";
    /** Below every source a person writes to (application.properties 250, environment 300, system properties 400). */
    private static final int DEFAULTS = 100;

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!SDK_DISABLED.equals(name) || isSet(value) || isSet(context.proceed(ENDPOINT))
                || isSet(context.proceed(TRACES_ENDPOINT))) {
            return value;
        }
        return ConfigValue.builder().withName(name).withValue("true")
                .withConfigSourceName("banter: tracing off without an OTLP endpoint")
                .withConfigSourceOrdinal(DEFAULTS).build();
    }

    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank()
                && value.getConfigSourceOrdinal() > DEFAULTS;
    }
}
