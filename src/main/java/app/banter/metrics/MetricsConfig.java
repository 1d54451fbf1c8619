package app.banter.metrics;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "banter.metrics")
public interface MetricsConfig {

    /** How often each pod reads the business gauges (billing lag, open holds, stuck purchases) from the database. */
    @WithDefault("15s")
    Duration refreshInterval();
}
