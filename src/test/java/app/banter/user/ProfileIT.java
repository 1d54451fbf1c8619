package app.banter.user;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same contract against the packaged application (and, in the native pipeline, the native executable). */
@QuarkusIntegrationTest
class ProfileIT extends ProfileTest {
}
