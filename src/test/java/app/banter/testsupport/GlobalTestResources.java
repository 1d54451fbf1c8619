package app.banter.testsupport;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** The real servers and provider stand-ins every test run talks to; started in parallel, once per JVM. */
@WithTestResource(value = EmbeddedServersResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
@WithTestResource(value = FirebaseEmulatorResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
@WithTestResource(value = RazorpayStandIn.class, scope = TestResourceScope.GLOBAL, parallel = true)
@WithTestResource(value = LiveKitStandIn.class, scope = TestResourceScope.GLOBAL, parallel = true)
@WithTestResource(value = FcmStandIn.class, scope = TestResourceScope.GLOBAL, parallel = true)
@WithTestResource(value = RazorpayXStandIn.class, scope = TestResourceScope.GLOBAL, parallel = true)
@WithTestResource(value = AzuriteResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
@WithTestResource(value = ExotelStandIn.class, scope = TestResourceScope.GLOBAL, parallel = true)
@WithTestResource(value = TwilioStandIn.class, scope = TestResourceScope.GLOBAL, parallel = true)
public final class GlobalTestResources {

    private GlobalTestResources() {
    }
}
