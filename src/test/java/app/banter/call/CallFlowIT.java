package app.banter.call;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The call flow against the packaged application (the JVM jar in `./mvnw verify`, the native executable with -Pnative):
 * the LiveKit SDK and its protobuf messages are what native reflection and resource rules break first.
 */
@QuarkusIntegrationTest
class CallFlowIT extends CallFlowTest {
}
