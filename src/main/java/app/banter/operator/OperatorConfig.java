package app.banter.operator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "banter.operator")
public interface OperatorConfig {

    /** The longest range of days one KPI request may cover: each KPI is one indexed range scan over it. */
    @WithDefault("92")
    int kpiMaxDays();
}
