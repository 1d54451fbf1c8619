package app.banter.auth;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The phone-login flow against the packaged application (the JVM jar in `./mvnw verify`, the native executable with
 * -Pnative). The test JVM runs the stand-ins and hands their addresses to the application as configuration, since the
 * package holds no embedded servers.
 */
@QuarkusIntegrationTest
class PhoneLoginFlowIT extends PhoneLoginFlowTest {
}
