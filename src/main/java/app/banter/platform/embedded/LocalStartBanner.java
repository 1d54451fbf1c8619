package app.banter.platform.embedded;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Tells someone who just ran the local command what to do next: where the service answers, how to sign in without a
 * phone, and where the API is described. Silent in every other profile. The dev-login example describes the number
 * rather than giving one: the log redacts phone numbers, so a real one would print masked.
 */
@Singleton
public class LocalStartBanner {

    private static final Logger LOG = Logger.getLogger(LocalStartBanner.class);

    void onStart(@Observes StartupEvent event,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port,
            @ConfigProperty(name = "quarkus.management.port", defaultValue = "9000") int managementPort,
            @ConfigProperty(name = "banter.auth.dev-login.enabled", defaultValue = "false") boolean devLogin) {
        if (!ConfigUtils.getProfiles().contains("local") && !ConfigUtils.getProfiles().contains("dev")) {
            return;
        }
        String base = "http://localhost:" + port;
        StringBuilder banner = new StringBuilder("Banter is running on ").append(base);
        if (devLogin) {
            banner.append("\n  Sign in without a phone: curl -X POST ").append(base).append("/api/v1/auth/dev-login")
                    .append(" -H 'Content-Type: application/json' -d '{\"phoneNumber\": \"<+91 and ten digits>\"}'");
        }
        banner.append("\n  API documentation: ").append(base).append("/q/swagger-ui (OpenAPI: ").append(base)
                .append("/q/openapi)");
        banner.append("\n  Health and metrics: http://localhost:").append(managementPort).append("/q/health/ready");
        LOG.info(banner);
    }
}
