package app.banter.platform;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same contract against the packaged application (and, in the native pipeline, the native executable). */
@QuarkusIntegrationTest
class ErrorContractIT extends ErrorContractTest {
}
